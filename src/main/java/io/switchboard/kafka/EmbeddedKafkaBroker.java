package io.switchboard.kafka;

import io.switchboard.config.ApplicationHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

/**
 * Apache Kafka's own broker (KRaft, one combined broker+controller node) run as a child process with
 * its data under a directory of ours. If a Kafka broker already answers on the port (left running by
 * an earlier gateway, or started by hand), the gateway attaches to it instead of starting another.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
    /** Where the build puts the broker's classpath, relative to a directory of the application's tree (target/). */
    static final String CLASSPATH_IN_TREE = "kafka-broker/lib";

    public record Settings(Path dataDir, int port, int controllerPort, Path libDir, String heap, Duration startTimeout) {}

    private final Settings settings;
    private final Process process;

    private EmbeddedKafkaBroker(Settings settings, Process process) {
        this.settings = settings;
        this.process = process;
    }

    public static EmbeddedKafkaBroker startOrAttach(Settings settings) {
        String bootstrap = bootstrap(settings.port());
        if (portAcceptsConnections(settings.port())) {
            if (answersAsKafka(bootstrap, Duration.ofSeconds(5))) {
                LOG.infof("Attached to the Kafka broker already running on %s", bootstrap);
                return new EmbeddedKafkaBroker(settings, null);
            }
            throw new IllegalStateException("Port " + settings.port() + " is in use by something that is not a Kafka broker;"
                    + " set switchboard.kafka.embedded.port to a free port or KAFKA_BOOTSTRAP_SERVERS to an external cluster");
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings, launch(settings));
        broker.awaitReady();
        return broker;
    }

    /**
     * Where the broker's classpath is: the configured directory when one is set, else the first
     * {@value #CLASSPATH_IN_TREE} above the application's code, so the packaged jar runs from any working directory.
     */
    public static Path classpathDirectory(Optional<Path> configured, ApplicationHome home) {
        return configured.or(() -> home.find(CLASSPATH_IN_TREE)).orElseThrow(() -> new IllegalStateException(
                "The Kafka broker's classpath (" + CLASSPATH_IN_TREE + ") is in none of " + home.searched()
                        + ": build the project first (mvn package fetches it once), set switchboard.kafka.embedded.lib-dir,"
                        + " or point KAFKA_BOOTSTRAP_SERVERS at a cluster"));
    }

    public String bootstrapServers() {
        return bootstrap(settings.port());
    }

    /** True when this gateway started the broker process (and so stops it), false when it attached. */
    public boolean owned() {
        return process != null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker cleanly (SIGTERM, then a kill after a grace period). */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LOG.infof("Embedded Kafka broker on %s stopped", bootstrapServers());
    }

    /** Kills the broker without a clean shutdown, as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Process launch(Settings s) {
        Path lib = s.libDir().toAbsolutePath();
        if (!Files.isDirectory(lib) || !hasBrokerJar(lib)) {
            throw new IllegalStateException("The Kafka broker's classpath is missing at " + lib
                    + ": build the project first (mvn package fetches it once), or point KAFKA_BOOTSTRAP_SERVERS at a cluster");
        }
        try {
            Path dir = Files.createDirectories(s.dataDir().toAbsolutePath());
            Path logDir = dir.resolve("log");
            Path properties = writeServerProperties(dir, logDir, s);
            Path log4j = writeLog4jConfig(dir);
            String classpath = lib + "/*";
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                run(List.of(java(), "-cp", classpath, "-Dlog4j2.configurationFile=" + log4j, "kafka.tools.StorageTool",
                        "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone"),
                        dir.resolve("format.log"));
            }
            List<String> command = new ArrayList<>(List.of(java(), "-Xms" + s.heap(), "-Xmx" + s.heap(),
                    "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + log4j, "-Dkafka.logs.dir=" + dir,
                    "-cp", classpath, "kafka.Kafka", properties.toString()));
            LOG.infof("Starting embedded Kafka broker on 127.0.0.1:%d (data in %s)", s.port(), dir);
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Kafka broker", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The embedded Kafka broker exited with code " + process.exitValue()
                        + "; see " + settings.dataDir().toAbsolutePath().resolve("server.log"));
            }
            if (portAcceptsConnections(settings.port()) && answersAsKafka(bootstrapServers(), Duration.ofSeconds(2))) {
                LOG.infof("Embedded Kafka broker ready on %s", bootstrapServers());
                return;
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("The embedded Kafka broker did not become ready within " + settings.startTimeout());
    }

    private static Path writeServerProperties(Path dir, Path logDir, Settings s) throws IOException {
        String listeners = "PLAINTEXT://127.0.0.1:" + s.port() + ",CONTROLLER://127.0.0.1:" + s.controllerPort();
        String text = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + s.controllerPort(),
                "listeners=" + listeners,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=6",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=-1",
                "") ;
        Path file = dir.resolve("server.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Path writeLog4jConfig(Path dir) throws IOException {
        String text = String.join("\n",
                "status = warn",
                "appender.file.type = RollingFile",
                "appender.file.name = file",
                "appender.file.fileName = " + dir.resolve("server.log"),
                "appender.file.filePattern = " + dir.resolve("server.log.%i"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "appender.file.policies.type = Policies",
                "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size = 20MB",
                "appender.file.strategy.type = DefaultRolloverStrategy",
                "appender.file.strategy.max = 3",
                "rootLogger.level = info",
                "rootLogger.appenderRef.file.ref = file",
                "");
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static void run(List<String> command, Path output) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", command.subList(3, command.size())) + "' failed: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
    }

    private static boolean hasBrokerJar(Path lib) {
        try (var files = Files.list(lib)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean portAcceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean answersAsKafka(String bootstrap, Duration timeout) {
        int millis = (int) timeout.toMillis();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis))) {
            admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String bootstrap(int port) {
        return "127.0.0.1:" + port;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
