package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.security.Role;
import io.switchboard.store.Database;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.TopicReader;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Chat webhook → pipeline → Kafka with customer, conversation and context filled; the /customers endpoints. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class CustomerContextHttpTest {

    private static final String CONTACTS = "switchboard.contacts";
    private static final String CONTEXT_TOPIC = "switchboard.customer-context";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database database;

    @Test
    void shouldFillCustomerConversationAndContextOnContactsAndTheCompactedTopic() throws Exception {
        String email = "http-" + UUID.randomUUID() + "@example.com";
        String phone = CustomerResolutionTest.newPhone();
        String visitor = "visitor-" + UUID.randomUUID();
        JsonNode first = postAndRead(chat(visitor, email, phone, "我的订单 SO-77 还没发货"));
        JsonNode second = postAndRead(chat(visitor, email, phone, "还在吗"));

        String customer = first.at("/customer/id").asText();
        assertThat(first.at("/customer/class").asText()).isEqualTo("new");
        assertThat(second.at("/customer/id").asText()).isEqualTo(customer);
        assertThat(second.at("/customer/class").asText()).isEqualTo("returning");
        assertThat(first.get("conversationId").asText()).isNotBlank().isEqualTo(second.get("conversationId").asText());
        assertThat(second.at("/context/openConversation/id").asText()).isEqualTo(second.get("conversationId").asText());
        assertThat(second.at("/context/contactsByChannel/chat").asLong()).isEqualTo(2);
        assertThat(second.at("/context/recentContacts/0/channel").asText()).isEqualTo("chat");
        assertThat(second.at("/context/recentContacts/1/summary").asText()).isEqualTo("我的订单 SO-77 还没发货");

        List<ConsumerRecord<String, byte[]>> contexts = TopicReader.read(CONTEXT_TOPIC, TopicReader.keyIs(customer), 2, WAIT);
        assertThat(contexts).isNotEmpty();
        assertThat(JSON.readTree(contexts.get(contexts.size() - 1).value()).get("customerId").asText()).isEqualTo(customer);

        OperatorApi.as(Role.AGENT).get("/customers/" + customer + "/context").then().statusCode(200)
                .body("id", equalTo(customer)).body("context.totalContacts", equalTo(2))
                .body("identities.type", org.hamcrest.Matchers.hasItems("chat-visitor", "email", "phone"));
        OperatorApi.as(Role.AGENT).queryParam("email", email.toUpperCase()).get("/customers").then().statusCode(200)
                .body("customers", hasSize(1)).body("customers[0].id", equalTo(customer));
        OperatorApi.as(Role.AGENT).queryParam("phone", phone).get("/customers").then().statusCode(200).body("customers[0].id", equalTo(customer));
        OperatorApi.as(Role.AGENT).queryParam("visitor", visitor).get("/customers").then().statusCode(200).body("customers[0].id", equalTo(customer));
    }

    @Test
    void shouldEraseEveryPersonalTraceAndTombstoneTheCompactedTopic() throws Exception {
        String email = "erase-" + UUID.randomUUID() + "@example.com";
        String visitor = "visitor-" + UUID.randomUUID();
        String customer = postAndRead(chat(visitor, email, CustomerResolutionTest.newPhone(), "please forget me"))
                .at("/customer/id").asText();

        OperatorApi.anonymous().delete("/customers/" + customer).then().statusCode(401).body("error", equalTo("unauthorized"));
        OperatorApi.anonymous().header("Authorization", "Bearer wrong").delete("/customers/" + customer).then().statusCode(401);
        OperatorApi.as(Role.SUPERVISOR).delete("/customers/" + customer).then().statusCode(403);
        OperatorApi.asLegacyAdmin().delete("/customers/" + customer).then().statusCode(200)
                .body("erased", hasSize(1));

        assertThat(count("SELECT count(*) FROM customer_identity WHERE customer_id = ?::uuid", customer)).isZero();
        assertThat(count("SELECT count(*) FROM customer_identity WHERE value IN (?, ?)", email, visitor)).isZero();
        assertThat(count("SELECT count(*) FROM contact_history WHERE customer_id = ?::uuid", customer)).isZero();
        assertThat(count("SELECT count(*) FROM customer WHERE id = ?::uuid AND erased_at IS NOT NULL"
                + " AND display_name IS NULL AND contact_count = 1", customer)).isEqualTo(1);
        assertThat(count("SELECT sum(contacts) FROM customer_channel_count WHERE customer_id = ?::uuid", customer)).isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> latest = TopicReader.read(CONTEXT_TOPIC, TopicReader.keyIs(customer), 2, WAIT);
        assertThat(latest.get(latest.size() - 1).value()).isNull();
        OperatorApi.as(Role.AGENT).get("/customers/" + customer + "/context").then().statusCode(404).body("error", equalTo("not_found"));
        OperatorApi.as(Role.AGENT).queryParam("email", email).get("/customers").then().statusCode(404);
        OperatorApi.as(Role.ADMIN).delete("/customers/" + customer).then().statusCode(404);
    }

    @Test
    void shouldAnswerBadRequestsWithJsonErrors() {
        OperatorApi.as(Role.AGENT).get("/customers/not-a-uuid/context").then().statusCode(400).body("field", equalTo("id"));
        OperatorApi.as(Role.AGENT).get("/customers/" + UUID.randomUUID() + "/context").then().statusCode(404);
        OperatorApi.as(Role.AGENT).get("/customers").then().statusCode(400).body("message", containsString("exactly one"));
        OperatorApi.as(Role.AGENT).queryParam("phone", "+8613800138000").queryParam("email", "a@b.cn").get("/customers").then().statusCode(400);
        OperatorApi.as(Role.ADMIN).post("/customer-merges/" + UUID.randomUUID() + "/undo").then().statusCode(404);
        OperatorApi.as(Role.ADMIN).contentType("application/json").body("{\"type\":\"chat-widget\",\"value\":\"w\"}")
                .post("/customers/" + UUID.randomUUID() + "/identities").then().statusCode(400).body("field", equalTo("type"));
        OperatorApi.as(Role.ADMIN).contentType("application/json").body("[1,")
                .put("/customers/" + UUID.randomUUID() + "/vip").then().statusCode(400);
    }

    @Test
    void shouldLinkAnIdentityAndUndoTheMergeItCausedThroughTheOperatorApi() throws Exception {
        String a = postAndRead(chat("visitor-" + UUID.randomUUID(), "link-a-" + UUID.randomUUID() + "@example.com",
                CustomerResolutionTest.newPhone(), "a")).at("/customer/id").asText();
        String otherVisitor = "visitor-" + UUID.randomUUID();
        String b = postAndRead(chat(otherVisitor, "link-b-" + UUID.randomUUID() + "@example.com",
                CustomerResolutionTest.newPhone(), "b")).at("/customer/id").asText();
        String mergeId = OperatorApi.as(Role.ADMIN).contentType("application/json")
                .body("{\"type\":\"chat-visitor\",\"value\":\"" + otherVisitor + "\"}")
                .post("/customers/" + a + "/identities").then().statusCode(200).extract().path("mergeId");
        OperatorApi.as(Role.AGENT).get("/customers/" + b + "/context").then().statusCode(200).body("id", equalTo(a));
        OperatorApi.as(Role.ADMIN).get("/customers/" + a + "/merges").then().statusCode(200)
                .body("merges[0].actor", equalTo("operator:" + OperatorApi.keyName(Role.ADMIN)));
        OperatorApi.as(Role.ADMIN).post("/customer-merges/" + mergeId + "/undo").then().statusCode(200)
                .body("restored", equalTo(b));
        OperatorApi.as(Role.ADMIN).post("/customer-merges/" + mergeId + "/undo").then().statusCode(409);
        OperatorApi.as(Role.AGENT).get("/customers/" + b + "/context").then().statusCode(200).body("id", equalTo(b));
    }

    @Test
    void shouldProposeNotMergeWhenAChatVisitorClaimsSomeoneElsesEmail() throws Exception {
        String email = "claimed-" + UUID.randomUUID() + "@example.com";
        String victim = postAndRead(chat("visitor-" + UUID.randomUUID(), "own-" + UUID.randomUUID() + "@example.com",
                CustomerResolutionTest.newPhone(), "我的卡被扣了两次")).at("/customer/id").asText();
        OperatorApi.as(Role.ADMIN).contentType("application/json").body("{\"type\":\"email\",\"value\":\"" + email + "\"}")
                .post("/customers/" + victim + "/identities").then().statusCode(200);

        JsonNode claim = postAndRead(chat("visitor-" + UUID.randomUUID(), email, CustomerResolutionTest.newPhone(),
                "上周我买了什么？"));
        String attacker = claim.at("/customer/id").asText();
        assertThat(attacker).isNotEqualTo(victim);
        assertThat(claim.at("/context/totalContacts").asLong()).as("none of the victim's history").isEqualTo(1);
        OperatorApi.as(Role.AGENT).queryParam("email", email).get("/customers").then().statusCode(200)
                .body("customers", hasSize(1)).body("customers[0].id", equalTo(victim));
        OperatorApi.as(Role.AGENT).get("/customers/" + victim + "/context").then().statusCode(200)
                .body("identities.find { it.type == 'email' && it.value == '" + email + "' }.trust", equalTo("verified"));

        OperatorApi.anonymous().get("/customers/" + victim + "/merge-proposals").then().statusCode(401);
        String proposal = OperatorApi.as(Role.AGENT).get("/customers/" + victim + "/merge-proposals").then().statusCode(200)
                .body("proposals", hasSize(1)).body("proposals[0].customerId", equalTo(attacker))
                .body("proposals[0].otherCustomerId", equalTo(victim)).body("proposals[0].trust", equalTo("declared"))
                .body("proposals[0].identity.value", equalTo(email)).extract().path("proposals[0].id");
        OperatorApi.anonymous().post("/merge-proposals/" + proposal + "/reject").then().statusCode(401);
        OperatorApi.as(Role.METRICS).post("/merge-proposals/" + proposal + "/reject").then().statusCode(403);
        OperatorApi.as(Role.AGENT).post("/merge-proposals/not-a-uuid/reject").then().statusCode(400).body("error", equalTo("invalid_id"));
        OperatorApi.as(Role.AGENT).post("/merge-proposals/" + UUID.randomUUID() + "/confirm").then().statusCode(404);
        OperatorApi.as(Role.AGENT).post("/merge-proposals/" + proposal + "/reject").then().statusCode(200)
                .body("decision", equalTo("rejected"));
        OperatorApi.as(Role.AGENT).post("/merge-proposals/" + proposal + "/confirm").then().statusCode(404);
        OperatorApi.as(Role.AGENT).get("/customers/" + attacker + "/context").then().statusCode(200)
                .body("id", equalTo(attacker)).body("context.totalContacts", equalTo(1));
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'customer.merge-proposal.reject' AND actor = ?",
                OperatorApi.keyName(Role.AGENT))).isPositive();
    }

    private JsonNode postAndRead(String body) throws Exception {
        String id = ChatRequests.post(body).then().statusCode(202).extract().path("id");
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT);
        assertThat(contacts).hasSize(1);
        JsonNode record = JSON.readTree(contacts.get(0).value());
        assertThat(contacts.get(0).key()).isEqualTo(record.at("/customer/id").asText());
        return record;
    }

    private static String chat(String visitor, String email, String phone, String text) {
        String messageId = "ctx-" + UUID.randomUUID();
        return """
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"%s","name":"Han Meimei",\
                "email":"%s","phone":"%s"},"text":"%s","sentAt":"2026-11-23T09:30:00Z","locale":"zh-CN","widget":"site-main"}"""
                .formatted(messageId, visitor, visitor, email, phone, text);
    }

    private long count(String sql, String... parameters) throws Exception {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
