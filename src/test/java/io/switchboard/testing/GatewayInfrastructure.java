package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.kafka.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real systems every integration test runs against, started for each test class that names it:
 * Apache Kafka's broker as a child process (the same launcher the embedded default uses) and a real
 * PostgreSQL server.
 * Tests that stop the broker restart it with {@link #restartBroker()} on the same ports and data;
 * {@link #killPostgres(Duration)} crashes the database and starts it again on its data.
 */
public class GatewayInfrastructure implements QuarkusTestResourceLifecycleManager {

    public static final String CHAT_SECRET = "chat-secret-current";
    public static final String CHAT_SECRET_PREVIOUS = "chat-secret-previous";
    public static final String PHONE_SECRET = "phone-secret";
    /** The auth token of Twilio's own validator test vectors (docs/protocols.md §3.3). */
    public static final String TWILIO_AUTH_TOKEN = "12345";
    public static final String ADMIN_API_KEY = "admin-key-for-tests";

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedKafkaBroker.Settings brokerSettings;
    private static EmbeddedPostgres postgres;
    private static Path root;
    private static int operatorPort;

    @Override
    public synchronized Map<String, String> start() {
        if (broker == null) {
            root = createRoot();
            int port = freePort();
            brokerSettings = new EmbeddedKafkaBroker.Settings(root.resolve("kafka"), port, freePort(),
                    Path.of(System.getProperty("switchboard.kafka.embedded.lib-dir", "target/kafka-broker/lib")),
                    "384m", Duration.ofSeconds(90));
            broker = EmbeddedKafkaBroker.startOrAttach(brokerSettings);
            postgres = startPostgres(root.resolve("postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(GatewayInfrastructure::stopAll));
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "switchboard.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                "switchboard.db.user", "postgres",
                "switchboard.data-dir", "target/test-data",
                "switchboard.chat.secret", CHAT_SECRET + "," + CHAT_SECRET_PREVIOUS,
                "switchboard.ingress.ack-timeout", "PT3S",
                "switchboard.admin.api-key", ADMIN_API_KEY));
        config.putAll(OperatorApi.keyConfig());
        // the packaged jar (@QuarkusIntegrationTest) runs in the prod profile: give its operator port a free one
        operatorPort = freePort();
        config.put("switchboard.operator.port", Integer.toString(operatorPort));
        config.putAll(WeChatTestAccounts.config());
        config.putAll(phoneSettings());
        return config;
    }

    /** One CDR inbox per test JVM; subfolder {@code us} is a US PBX, {@code freeswitch} a FreeSWITCH box in Shanghai. */
    private static Map<String, String> phoneSettings() {
        Path cdr = root.resolve("cdr");
        return Map.ofEntries(
                Map.entry("switchboard.phone.secret", PHONE_SECRET),
                Map.entry("switchboard.phone.twilio.auth-token", TWILIO_AUTH_TOKEN),
                Map.entry("switchboard.phone.cdr.inbox", cdr.resolve("inbox").toString()),
                Map.entry("switchboard.phone.cdr.done", cdr.resolve("done").toString()),
                Map.entry("switchboard.phone.cdr.error", cdr.resolve("error").toString()),
                Map.entry("switchboard.phone.cdr.min-age", "3s"),
                Map.entry("switchboard.phone.cdr.time-zone", "Asia/Shanghai"),
                Map.entry("switchboard.phone.cdr.inboxes.us.layout", "asterisk"),
                Map.entry("switchboard.phone.cdr.inboxes.us.time-zone", "America/New_York"),
                Map.entry("switchboard.phone.cdr.inboxes.us.default-region", "US"),
                Map.entry("switchboard.phone.cdr.inboxes.freeswitch.layout", "freeswitch"),
                Map.entry("switchboard.phone.cdr.inboxes.freeswitch.time-zone", "Asia/Shanghai"));
    }

    @Override
    public synchronized void stop() {
        // Quarkus loads a test resource afresh for every application restart, so nothing here outlives
        // its test class: stop what this one started instead of leaving it to the JVM's exit
        stopAll();
        broker = null;
        postgres = null;
    }

    /** The operator port a packaged gateway was started with (in-JVM tests use a random test port instead). */
    static int operatorPort() {
        return operatorPort;
    }

    public static String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public static synchronized void stopBroker() {
        broker.close();
    }

    /** As a crashed broker: SIGKILL, no controlled shutdown. */
    public static synchronized void killBroker() {
        broker.kill();
    }

    public static synchronized void restartBroker() {
        broker = EmbeddedKafkaBroker.startOrAttach(brokerSettings);
    }

    /**
     * As a crashed database: SIGKILL of the postmaster and every backend at once (what the OOM killer or a
     * lost node does), no shutdown checkpoint; then, after {@code down}, a new server on the same port and
     * data, which replays its WAL.
     */
    public static synchronized void killPostgres(Duration down) throws IOException, InterruptedException {
        int port = postgres.getPort();
        Path data = root.resolve("postgres");
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle server = ProcessHandle.of(postmaster).orElseThrow(() -> new IllegalStateException(
                "no postmaster with pid " + postmaster));
        List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
        all.add(server);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().join();
        }
        // releases the library's lock on the data directory; its pg_ctl stop finds no server and says so
        postgres.close();
        Thread.sleep(down.toMillis());
        postgres = durable(EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port))
                .start();
    }

    private static void stopAll() {
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
                deleteTree(root.resolve("postgres"));
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir) {
        try {
            // kept on close, so that killPostgres finds its data; stopAll deletes it
            return durable(EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings the gateway's embedded database runs with (store/Database): commits survive a crash. */
    private static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }

    public static String postgresUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path createRoot() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "it-infra-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port of 127.0.0.1 free at the moment of asking. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
