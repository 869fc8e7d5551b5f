package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ApplicationHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the embedded broker's classpath is taken from, whatever the working directory. */
class BrokerClasspathTest {

    @TempDir
    Path root;

    @Test
    void isFoundBesideThePackagedApplication() throws IOException {
        Path lib = Files.createDirectories(root.resolve("target/kafka-broker/lib"));
        ApplicationHome home = new ApplicationHome(Files.createDirectories(root.resolve("target/quarkus-app/app")));

        assertThat(EmbeddedKafkaBroker.classpathDirectory(Optional.empty(), home)).isEqualTo(lib);
    }

    @Test
    void aConfiguredDirectoryWinsOverTheOneInTheTree() throws IOException {
        Files.createDirectories(root.resolve("target/kafka-broker/lib"));
        Path configured = root.resolve("opt/kafka/libs");
        ApplicationHome home = new ApplicationHome(Files.createDirectories(root.resolve("target/quarkus-app/app")));

        assertThat(EmbeddedKafkaBroker.classpathDirectory(Optional.of(configured), home)).isEqualTo(configured);
    }

    @Test
    void missingEverywhereNamesEveryPlaceLookedAtAndTheWaysOut() throws IOException {
        Path app = Files.createDirectories(root.resolve("quarkus-app/app"));

        assertThatThrownBy(() -> EmbeddedKafkaBroker.classpathDirectory(Optional.empty(), new ApplicationHome(app)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka-broker/lib").hasMessageContaining(app.toString())
                .hasMessageContaining(root.toString())
                .hasMessageContaining("switchboard.kafka.embedded.lib-dir").hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }
}
