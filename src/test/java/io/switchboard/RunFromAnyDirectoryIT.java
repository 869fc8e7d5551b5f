package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.GatewayProcess;
import io.switchboard.testing.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
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
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path workingDirectory;
    private Path log;
    private GatewayProcess gateway;

    @BeforeEach
    void startElsewhere() throws IOException {
        workingDirectory = Files.createTempDirectory("switchboard-elsewhere-").toRealPath();
        log = workingDirectory.resolve("gateway.log");
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        try (Stream<Path> files = Files.walk(workingDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void shouldFindItsOwnFilesSayWhereAndCarryAChatToTheQueue() throws Exception {
        int httpPort = freePort();
        int brokerPort = freePort();
        gateway = GatewayProcess.start(workingDirectory, List.of("-Dquarkus.http.port=" + httpPort, "-Dswitchboard.kafka.embedded.port=" + brokerPort,
                "-Dswitchboard.kafka.embedded.controller-port=" + freePort(), "-Dswitchboard.db.embedded.port=" + freePort()), log);
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        gateway.awaitReady(base.resolve("/q/health/ready"), READY_WITHIN);

        String output = gateway.output();
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
