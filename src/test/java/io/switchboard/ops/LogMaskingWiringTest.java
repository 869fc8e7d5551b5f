package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.LogHandlers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

/**
 * The masking filter is on every log handler the running gateway has, not only the console: the file,
 * syslog and socket handlers are switched on here without naming a filter (application.properties must
 * supply it), then the live LogManager's handlers are walked, and a log line with personal data and a
 * stack trace is read back from the file, from a syslog receiver (UDP) and from a socket receiver (TCP).
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = LogMaskingWiringTest.EveryHandler.class, restrictToAnnotatedClass = true)
class LogMaskingWiringTest {

    private static final Logger LOG = Logger.getLogger("io.switchboard.masking-probe");
    private static final Path DIR = Path.of("target", "log-masking").toAbsolutePath();
    private static final Path FILE = DIR.resolve("switchboard.log");
    private static final Path SYSLOG = DIR.resolve("syslog-received.log");
    private static final Path SOCKET = DIR.resolve("socket-received.log");
    /** Handlers that write nothing anywhere, by class, and why; any other unmasked handler fails the test. */
    private static final Map<String, String> WRITES_NOTHING = Map.of("io.quarkus.runtime.logging.LoggingSetupRecorder$3",
            "dev and test mode only: hands logged exceptions to Quarkus's continuous-testing report");

    /**
     * Turns on every kind of handler Quarkus has, without a filter setting, each writing somewhere this test
     * can read: a file, and a syslog (UDP) and a socket (TCP) receiver that append what arrives to files.
     */
    public static class EveryHandler implements QuarkusTestResourceLifecycleManager {
        private DatagramSocket syslog;
        private ServerSocket socket;

        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(DIR);
                for (Path p : List.of(FILE, SYSLOG, SOCKET)) {
                    Files.deleteIfExists(p);
                }
                syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            daemon("syslog-sink", () -> {
                byte[] buffer = new byte[65536];
                while (!syslog.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    syslog.receive(packet);
                    append(SYSLOG, buffer, packet.getLength());
                }
            });
            daemon("socket-sink", () -> {
                while (!socket.isClosed()) {
                    Socket connection = socket.accept();
                    daemon("socket-sink-connection", () -> {
                        try (InputStream in = connection.getInputStream()) {
                            byte[] buffer = new byte[8192];
                            for (int n; (n = in.read(buffer)) > 0; ) {
                                append(SOCKET, buffer, n);
                            }
                        }
                    });
                }
            });
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", FILE.toString(),
                    "quarkus.log.syslog.enabled", "true",
                    "quarkus.log.syslog.protocol", "udp",
                    "quarkus.log.syslog.endpoint", "127.0.0.1:" + syslog.getLocalPort(),
                    "quarkus.log.syslog.max-length", "60k", // a whole stack trace in one datagram
                    "quarkus.log.socket.enabled", "true",
                    "quarkus.log.socket.endpoint", "127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void stop() {
            syslog.close();
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static synchronized void append(Path file, byte[] data, int length) throws IOException {
            Files.write(file, Arrays.copyOf(data, length), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        interface Loop {
            void run() throws IOException;
        }

        /** Ends when its socket is closed by {@link #stop()}, or with the JVM. */
        private static void daemon(String name, Loop loop) {
            Thread thread = new Thread(() -> {
                try {
                    loop.run();
                } catch (IOException closed) {
                    // the receiver was closed at the end of the test class
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Test
    void shouldHaveTheMaskingFilterOnEveryHandlerTheGatewayWritesThrough() {
        List<LogHandlers.Found> outputs = LogHandlers.outputs(LogContext.getLogContext());

        assertThat(outputs).extracting(LogHandlers.Found::handler).as("the handlers EveryHandler switched on")
                .contains("org.jboss.logmanager.handlers.ConsoleHandler", "org.jboss.logmanager.handlers.SyslogHandler",
                        "org.jboss.logmanager.handlers.SocketHandler")
                .anySatisfy(h -> assertThat(h).contains("FileHandler"));
        assertThat(outputs).filteredOn(found -> !found.masks() && !WRITES_NOTHING.containsKey(found.handler()))
                .as("handlers that would write personal data").isEmpty();
    }

    @Test
    void shouldWriteOnlyMaskedPersonalDataToFileSyslogAndSocket() throws IOException {
        String marker = "masking-" + UUID.randomUUID();
        LOG.errorf(new IllegalStateException("退款到银行卡 6222 0202 0000 1234 562 失败",
                        new IllegalArgumentException("身份证 11010519491231002X 与姓名不符")),
                "%s 客户 %s 来电 %s 回拨失败", marker, "li.lei@example.com", "13912345678");

        for (Path output : List.of(FILE, SYSLOG, SOCKET)) {
            String name = output.getFileName().toString();
            Awaitility.await(name).atMost(Duration.ofSeconds(20))
                    .until(() -> read(output).contains(marker) && read(output).contains("Caused by"));
            String text = read(output);
            String line = text.substring(text.indexOf(marker));
            assertThat(line).as(name)
                    .contains("客户 l***@example.com 来电 *********78 回拨失败")
                    .contains("java.lang.IllegalStateException: 退款到银行卡 **** **** **** ***4 562 失败")
                    .contains("java.lang.IllegalArgumentException: 身份证 **************002X 与姓名不符");
            assertThat(text).as(name)
                    .doesNotContain("li.lei@example.com", "13912345678", "6222 0202 0000 1234 562", "11010519491231002X");
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
