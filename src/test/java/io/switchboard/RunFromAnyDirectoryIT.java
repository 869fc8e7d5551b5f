package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar ({@code java -jar target/quarkus-app/quarkus-run.jar}) started from a directory
 * outside the repository with nothing configured but ports and a chat secret: it finds the broker's
 * classpath, config/ and routes/ in its own directory tree, says so, runs its embedded broker and
 * PostgreSQL under the working directory's data/, and carries a signed chat to the agent queue.
 */
class RunFromAnyDirectoryIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final Path JAR = REPOSITORY.resolve("target/quarkus-app/quarkus-run.jar");
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path workingDirectory;
    private Path log;
    private Process gateway;

    @BeforeEach
    void startElsewhere() throws IOException {
        workingDirectory = Files.createTempDirectory("switchboard-elsewhere-").toRealPath();
        log = workingDirectory.resolve("gateway.log");
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(workingDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void shouldFindItsOwnFilesSayWhereAndCarryAChatToTheQueue() throws Exception {
        int httpPort = freePort();
        int brokerPort = freePort();
        gateway = start(List.of("-Dquarkus.http.port=" + httpPort, "-Dswitchboard.kafka.embedded.port=" + brokerPort,
                "-Dswitchboard.kafka.embedded.controller-port=" + freePort(), "-Dswitchboard.db.embedded.port=" + freePort()));
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        awaitReady(base.resolve("/q/health/ready"));

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("No config/ in the working directory " + workingDirectory + ": using "
                + REPOSITORY.resolve("config") + " from the application's directory tree");
        assertThat(output).contains("No routes/ in the working directory " + workingDirectory + ": using "
                + REPOSITORY.resolve("routes") + " from the application's directory tree");
        assertThat(workingDirectory.resolve("data/kafka/log/meta.properties")).exists();
        assertThat(workingDirectory.resolve("data/postgres/PG_VERSION")).exists();

        String body = ChatRequests.message("elsewhere-" + UUID.randomUUID(), "sent to a jar started elsewhere");
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(base.resolve("/webhooks/chat"))
                .header("Content-Type", "application/json")
                .header("X-Switchboard-Signature", ChatRequests.sign(GatewayInfrastructure.CHAT_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = new ObjectMapper().readTree(accepted.body()).path("id").asText();
        // config/routing.yaml of the repository routes a general chat to the general queue
        assertThat(TopicReader.read("127.0.0.1:" + brokerPort, "switchboard.queue.general.medium",
                TopicReader.valueContains(id), 1, Duration.ofSeconds(60))).hasSize(1);
    }

    private Process start(List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(options);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // nothing of the developer's own setup: no external Kafka or database, no other secrets
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_") || name.startsWith("KAFKA_"));
        builder.environment().put("SWITCHBOARD_CHAT_SECRET", GatewayInfrastructure.CHAT_SECRET);
        return builder.start();
    }

    private void awaitReady(URI ready) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(gateway.isAlive()).as("gateway running; its output: %s", tail()).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the HTTP port opens only once the broker, the database and Camel are up
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready within " + READY_WITHIN + "; output: " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
