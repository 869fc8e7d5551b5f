package io.switchboard.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.priority.RoutingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of the shipped files, edited while "running": valid edits apply, broken ones are refused. */
class HotReloadTest {

    @TempDir
    Path dir;
    private Path taxonomyFile;
    private Path routingFile;
    private SimpleMeterRegistry registry;
    private TaggingFiles files;
    private ConfigFilesHealth health;

    @BeforeEach
    void copyShippedFiles() throws IOException {
        taxonomyFile = Files.copy(Path.of("config/taxonomy.yaml"), dir.resolve("taxonomy.yaml"));
        Path sentimentFile = Files.copy(Path.of("config/sentiment.yaml"), dir.resolve("sentiment.yaml"));
        routingFile = Files.copy(Path.of("config/routing.yaml"), dir.resolve("routing.yaml"));
        registry = new SimpleMeterRegistry();
        files = new TaggingFiles(new WatchedFile<>("taxonomy", taxonomyFile, Taxonomy::parse),
                new WatchedFile<>("sentiment", sentimentFile, SentimentAnalyzer::parse),
                new WatchedFile<>("routing", routingFile, t -> RoutingPolicy.parse(t, Map.of(), "general")), 1000, registry);
        health = new ConfigFilesHealth(files);
    }

    @Test
    void shouldApplyAValidEditWithoutRestart() throws IOException {
        Taxonomy before = files.taxonomy();
        assertThat(before.match(KeywordIndex.normalize("屏幕发黄")).scores()).noneMatch(s -> s.evidence().contains("发黄"));
        Files.writeString(taxonomyFile, Files.readString(taxonomyFile).replace("碎屏, 花屏", "碎屏, 发黄, 花屏"));
        files.checkAll();
        assertThat(files.taxonomy()).isNotSameAs(before);
        assertThat(files.taxonomy().match(KeywordIndex.normalize("屏幕发黄")).scores())
                .anyMatch(s -> s.type().equals("product.fault.screen") && s.evidence().contains("发黄"));
        assertThat(counter("taxonomy", "reloaded")).isEqualTo(1.0);
        files.checkAll(); // unchanged content is not parsed again
        assertThat(counter("taxonomy", "reloaded")).isEqualTo(1.0);
    }

    @Test
    void shouldTakeItsValidityGaugesAlongWhenStopped() {
        assertThat(registry.find("switchboard.config.file.valid").gauges()).hasSize(3);
        files.stop();
        assertThat(registry.find("switchboard.config.file.valid").gauges()).isEmpty();
    }

    @Test
    void shouldKeepTheOldVersionWhenTheNewFileIsBroken() throws IOException {
        RoutingPolicy before = files.routing();
        String good = Files.readString(routingFile);
        Files.writeString(routingFile, good.replace("set: high", "set: urgent"));
        files.checkAll();
        files.checkAll(); // reported once, not on every poll
        assertThat(files.routing()).isSameAs(before);
        assertThat(counter("routing", "failed")).isEqualTo(1.0);
        assertThat(registry.get("switchboard.config.file.valid").tag("file", "routing").gauge().value()).isZero();
        HealthCheckResponse response = health.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow().get("routing").toString())
                .startsWith("INVALID, using the version loaded at").contains("'urgent' is not high, medium or low");
        assertThat(response.getData().orElseThrow().get("taxonomy").toString()).startsWith("ok");

        Files.writeString(routingFile, good.replace("default-priority: medium", "default-priority: low"));
        files.checkAll();
        assertThat(files.routing()).isNotSameAs(before);
        assertThat(registry.get("switchboard.config.file.valid").tag("file", "routing").gauge().value()).isEqualTo(1.0);
        assertThat(health.call().getData().orElseThrow().get("routing").toString()).startsWith("ok");
    }

    @Test
    void shouldKeepServingWhenTheFileDisappears() throws IOException {
        Taxonomy before = files.taxonomy();
        Files.delete(taxonomyFile);
        files.checkAll();
        assertThat(files.taxonomy()).isSameAs(before);
        assertThat(health.call().getData().orElseThrow().get("taxonomy").toString()).contains("is missing");
    }

    @Test
    void shouldRefuseToStartWithAnInvalidFirstVersion() throws IOException {
        Files.writeString(taxonomyFile, "types: [");
        assertThatThrownBy(() -> new WatchedFile<>("taxonomy", taxonomyFile, Taxonomy::parse))
                .hasMessageContaining("taxonomy").hasMessageContaining("is invalid");
    }

    private double counter(String file, String outcome) {
        var c = registry.find("switchboard.config.reloads").tag("file", file).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
