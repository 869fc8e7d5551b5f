package io.switchboard.deadletter;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.switchboard.kafka.RawMessageHeaders;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.RawRecords;
import io.switchboard.testing.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** List, inspect and replay dead letters through the operator endpoints, on a real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@TestProfile(DeadLetterOperationsTest.BrokenBusinessHours.class)
class DeadLetterOperationsTest {

    private static final String RAW = "switchboard.inbound.raw";
    private static final String DEAD_LETTER = "switchboard.dead-letter";
    private static final String CONTACTS = "switchboard.contacts";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};

    @Test
    void shouldListInspectAndReplayAnUnreadableMessageOnceWithTheReplayHeader() throws Exception {
        String key = "unreadable-" + UUID.randomUUID();
        // No sb-received-at header: the normalize stage cannot read it.
        RawRecords.send(RAW, key, Map.of(RawMessageHeaders.CHANNEL, "chat"), NOT_UTF8);
        ConsumerRecord<String, byte[]> dead = TopicReader.read(DEAD_LETTER, TopicReader.keyIs(key), 1, WAIT).get(0);

        JsonPath listed = operator().queryParam("stage", "normalize").queryParam("limit", 500).get("/dead-letters")
                .then().statusCode(200).extract().jsonPath();
        assertThat(listed.getLong("count")).isGreaterThanOrEqualTo(1);
        Map<String, Object> item = listed.<Map<String, Object>>getList("items").stream()
                .filter(i -> key.equals(i.get("key"))).findFirst().orElseThrow();
        assertThat(item).containsEntry("partition", dead.partition()).containsEntry("stage", "normalize")
                .containsEntry("size", NOT_UTF8.length);
        assertThat((String) item.get("reason")).contains(RawMessageHeaders.RECEIVED_AT);
        assertThat((String) item.get("source")).startsWith(RAW + "/");
        assertThat(item.get("at")).isNotNull();

        String at = "/dead-letters/" + dead.partition() + "/" + dead.offset();
        JsonPath inspected = operator().get(at).then().statusCode(200).extract().jsonPath();
        assertThat(inspected.getString("bodyEncoding")).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(inspected.getString("body"))).isEqualTo(NOT_UTF8);
        assertThat(inspected.getString("headers.'sb-channel'")).isEqualTo("chat");
        assertThat(inspected.getString("replay")).isNull();

        JsonPath replayed = operator().post(at + "/replay").then().statusCode(200).extract().jsonPath();
        assertThat(replayed.getString("replay.topic")).isEqualTo(RAW);
        operator().post(at + "/replay").then().statusCode(409).body("error", equalTo("already replayed"));
        operator().get(at).then().statusCode(200).body("replay.topic", equalTo(RAW));

        List<ConsumerRecord<String, byte[]>> onRaw = TopicReader.read(RAW, TopicReader.keyIs(key), 2, WAIT);
        assertThat(onRaw).hasSize(2);
        ConsumerRecord<String, byte[]> again = onRaw.get(1);
        assertThat(again.value()).isEqualTo(NOT_UTF8);
        assertThat(headerNames(again)).contains(RawMessageHeaders.CHANNEL, DeadLetterOperations.REPLAYED_FROM)
                .noneMatch(h -> h.startsWith("sb-dead-letter-"));
        assertThat(header(again, DeadLetterOperations.REPLAYED_FROM))
                .isEqualTo(DEAD_LETTER + "/" + dead.partition() + "/" + dead.offset());
    }

    @Test
    void shouldReplayAMessageOnceItsCauseIsFixedSoThatItReachesTheContactsTopic() throws Exception {
        String messageId = "fixed-" + UUID.randomUUID();
        ChatRequests.post(ChatRequests.message(messageId, "Where is my parcel? " + messageId)).then().statusCode(202);
        ConsumerRecord<String, byte[]> dead = TopicReader.read(DEAD_LETTER, TopicReader.keyIs(messageId), 1, WAIT).get(0);
        JsonPath inspected = operator().get("/dead-letters/" + dead.partition() + "/" + dead.offset())
                .then().statusCode(200).extract().jsonPath();
        assertThat(inspected.getString("stage")).isEqualTo("prioritize");
        assertThat(inspected.getString("reason")).contains("no deadline");
        assertThat(inspected.getString("bodyEncoding")).isEqualTo("utf-8");
        assertThat(inspected.getString("body")).contains(messageId);

        String loaded = routingFileStatus();
        BrokenBusinessHours.fix();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (routingFileStatus().equals(loaded) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(routingFileStatus()).as("routing file reloaded").isNotEqualTo(loaded).startsWith("ok");

        JsonPath replayed = operator().queryParam("stage", "prioritize").queryParam("reason", "NO DEADLINE")
                .post("/dead-letters/replay").then().statusCode(200).extract().jsonPath();
        assertThat(replayed.getInt("replayed")).isEqualTo(1);
        assertThat(TopicReader.read(CONTACTS, TopicReader.valueContains(messageId), 1, WAIT)).hasSize(1);

        JsonPath again = operator().queryParam("stage", "prioritize").post("/dead-letters/replay")
                .then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("replayed")).isZero();
        assertThat(again.getInt("skipped")).isEqualTo(1);
    }

    @Test
    void shouldRefuseMissingOrWrongKeysAndAnswer404ForUnknownOffsets() {
        OperatorApi.anonymous().get("/dead-letters").then().statusCode(401).body("error", equalTo("unauthorized"));
        OperatorApi.anonymous().header("Authorization", "Bearer wrong").get("/dead-letters/0/0").then().statusCode(401);
        OperatorApi.anonymous().header("Authorization", "Bearer wrong").post("/dead-letters/0/0/replay").then().statusCode(401);
        OperatorApi.as(Role.SUPERVISOR).get("/dead-letters").then().statusCode(403).body("error", equalTo("forbidden"));
        operator().get("/dead-letters/0/999999999").then().statusCode(404).body("error", equalTo("not_found"));
        operator().post("/dead-letters/0/999999999/replay").then().statusCode(404);
        operator().get("/dead-letters/99/0").then().statusCode(404);
        operator().get("/dead-letters/zero/0").then().statusCode(400).body("field", equalTo("partition"));
        operator().post("/dead-letters/replay").then().statusCode(400).body("error", equalTo("invalid_query"));
    }

    /**
     * A real configuration mistake: business hours whose only working day is in the past, so the
     * prioritize stage finds no SLA deadline and dead-letters every contact until the file is fixed.
     */
    public static class BrokenBusinessHours implements QuarkusTestProfile {
        static final Path ROUTING = Path.of("target", "dead-letter-test", "routing.yaml").toAbsolutePath();
        private static final Path SHIPPED = Path.of("config", "routing.yaml");

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROUTING.getParent());
                String shipped = Files.readString(SHIPPED);
                String broken = shipped.replace("    enabled: false", "    enabled: true")
                        .replace("    days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]", "    days: []")
                        .replace("    extra-working-days: []", "    extra-working-days: [2020-01-06]")
                        .replace("    priorities: [medium, low]", "    priorities: [high, medium, low]");
                assertThat(broken).contains("days: []", "2020-01-06", "enabled: true", "[high, medium, low]");
                Files.writeString(ROUTING, broken);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("switchboard.routing.file", ROUTING.toString(), "switchboard.tagging.reload-interval", "PT1S");
        }

        static void fix() throws IOException {
            Files.writeString(ROUTING, Files.readString(SHIPPED));
        }
    }

    private static String routingFileStatus() {
        return given().get("/q/health/ready").then().extract().jsonPath()
                .getString("checks.find { it.name == 'config-files' }.data.routing");
    }

    private static RequestSpecification operator() {
        return OperatorApi.as(Role.ADMIN);
    }

    private static List<String> headerNames(ConsumerRecord<String, byte[]> record) {
        return Arrays.stream(record.headers().toArray()).map(Header::key).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
