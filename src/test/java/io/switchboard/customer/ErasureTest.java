package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.security.Role;
import io.switchboard.store.Database;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.PersonalDataScan;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.RawRecords;
import io.switchboard.testing.TopicReader;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Erasure on the real broker and database: a customer with an open conversation whose SLA clocks are armed
 * (seconds long here) is erased; afterwards no table holds their identities or words, no timer puts their
 * message on a lane again, and their raw message processed a second time (as a dead-letter replay or a
 * re-read batch would) does not bring them back, while a message they send after the erasure is a new contact.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@TestProfile(ErasureTest.ShortClocks.class)
class ErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RESPOND_WITHIN = Duration.ofSeconds(12);

    public static class ShortClocks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> clocks = new HashMap<>();
            for (String priority : List.of("high", "medium", "low")) {
                clocks.put("switchboard.sla." + priority + ".respond-within", RESPOND_WITHIN.toString());
            }
            return clocks;
        }
    }

    @Inject
    Database database;

    @Test
    void shouldLeaveNoTraceAndNoArmedTimerAndNotComeBackFromAReplay() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "erase-" + tag + "@example.com";
        String phone = CustomerResolutionTest.newPhone();
        String visitor = "visitor-erase-" + tag;
        String words = "please forget me " + tag;
        String messageId = "erase-" + tag;
        JsonNode record = postAndRead(chat(messageId, visitor, email, phone, words));
        String customer = record.at("/customer/id").asText();
        String conversation = record.get("conversationId").asText();
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM sla_clock WHERE conversation_id = '" + conversation
                + "' AND stopped_at IS NULL") > 0);

        OperatorApi.as(Role.ADMIN).delete("/customers/" + customer).then().statusCode(200);
        Instant erased = Instant.now();

        List<String> traces = PersonalDataScan.tablesContainingAnyOf(database, List.of(email, phone, visitor, words, tag));
        assertThat(traces).as("rows still holding the erased customer's identities or words").isEmpty();

        // past the respond-by deadline: a running clock would now publish a breach and re-route the message
        Thread.sleep(RESPOND_WITHIN.plusSeconds(4).toMillis());
        // on a loaded machine the seconds-long clocks may warn or breach before the erasure: only later ones count
        assertThat(TopicReader.read("switchboard.escalations", TopicReader.keyIs(conversation), 3, Duration.ofSeconds(3)))
                .as("SLA events of the erased customer's conversation after the erasure")
                .filteredOn(r -> r.timestamp() >= erased.toEpochMilli()).isEmpty();
        assertThat(laneRecordsSince(record.get("id").asText(), erased)).as("their message put on a lane again").isEmpty();

        ConsumerRecord<String, byte[]> raw = TopicReader.read("switchboard.inbound.raw",
                TopicReader.valueContains(messageId), 1, WAIT).get(0);
        RawRecords.send("switchboard.inbound.raw", raw.key(), headers(raw), raw.value());
        PipelineProgress.awaitDrained("switchboard.inbound.raw", WAIT);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE value IN ('" + email + "', '" + visitor + "')"))
                .as("identities brought back by processing the old message again").isZero();
        assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains(words), 2, Duration.ofSeconds(3)))
                .as("records of the message, before and after the replay").hasSize(1);

        JsonNode later = postAndRead(chat("erase-later-" + tag, visitor, email, phone, "hello again"));
        assertThat(later.at("/customer/id").asText()).as("a new contact after the erasure").isNotEqualTo(customer);
        assertThat(later.at("/customer/class").asText()).isEqualTo("new");
    }

    private JsonNode postAndRead(String body) throws Exception {
        String id = ChatRequests.post(body).then().statusCode(202).extract().path("id");
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(id), 1, WAIT);
        assertThat(contacts).hasSize(1);
        return JSON.readTree(contacts.get(0).value());
    }

    private static String chat(String messageId, String visitor, String email, String phone, String text) {
        return """
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"%s","name":"Han Meimei",\
                "email":"%s","phone":"%s"},"text":"%s","sentAt":"2026-11-23T09:30:00Z","locale":"zh-CN","widget":"site-main"}"""
                .formatted(messageId, visitor, visitor, email, phone, text);
    }

    private static List<ConsumerRecord<String, byte[]>> laneRecordsSince(String recordId, Instant since) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (String queue : List.of("general", "vip", "supervisors")) {
            for (String lane : List.of("high", "medium", "low")) {
                TopicReader.read("switchboard.queue." + queue + "." + lane, TopicReader.valueContains(recordId), 3,
                        Duration.ofSeconds(1)).stream().filter(r -> r.timestamp() >= since.toEpochMilli()).forEach(out::add);
            }
        }
        return out;
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> raw) {
        Map<String, String> out = new HashMap<>();
        for (Header header : raw.headers()) {
            out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
