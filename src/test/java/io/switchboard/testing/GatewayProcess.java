package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a child process, as
 * ops run it: configured only by the {@code -D} options given, with nothing of the developer's own
 * {@code SWITCHBOARD_*} or {@code KAFKA_*} environment, its output in a log file. Needs {@code mvn package}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar in {@code workingDirectory} with the chat secret of {@link GatewayInfrastructure}. */
    public static GatewayProcess start(Path workingDirectory, List<String> options, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(options);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_") || name.startsWith("KAFKA_"));
        builder.environment().put("SWITCHBOARD_CHAT_SECRET", GatewayInfrastructure.CHAT_SECRET);
        return new GatewayProcess(builder.start(), log);
    }

    /** Waits until {@code ready} (a health URL of this gateway) answers 200; fails with the log's tail if it exits. */
    public void awaitReady(URI ready, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("gateway running; its output: %s", tail()).isTrue();
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
        throw new AssertionError("not ready within " + within + "; output: " + tail());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** As a crashed pod: SIGKILL, no drain; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("gateway %d gone after SIGKILL", pid()).isTrue();
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** SIGTERM and the gateway's drain; SIGKILL if it has not exited within a minute. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
