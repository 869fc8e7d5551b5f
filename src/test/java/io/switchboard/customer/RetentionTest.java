package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.domain.Identity;
import io.switchboard.security.Role;
import io.switchboard.store.Database;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.PersonalDataScan;
import io.switchboard.testing.Rows;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.standin.StandIns;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The retention job on the real broker and database: a customer whose last contact (and everything of theirs)
 * is older than {@code switchboard.customers.retention-days} is erased by age, so no table holds their
 * identities or words and their context topic entry is tombstoned; a customer in touch recently stays, losing
 * only the rows of theirs that are past the period. Time passes by moving the old customer's rows back in time.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(ErasureScanTest.ArmedTimers.class)
class RetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Database database;

    @Inject
    PersonalDataRetention retention;

    @ConfigProperty(name = "switchboard.customers.retention-days")
    int retentionDays;

    @Test
    void shouldExpireACustomerSilentForTheRetentionPeriodEverywhereAndKeepOneInTouch() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String oldEmail = "old-" + tag + "@example.com";
        String oldPhone = CustomerResolutionTest.newPhone().substring("+86 ".length());
        String oldVisitor = "visitor-old-" + tag;
        JsonNode old = chat(UUID.randomUUID().toString(), oldVisitor, oldEmail, oldPhone, "two years ago " + tag);
        String oldCustomer = old.at("/customer/id").asText();
        String oldConversation = old.get("conversationId").asText();
        await().atMost(WAIT).until(() -> Rows.count(database, "SELECT count(*) FROM loop_conversation"
                + " WHERE conversation_id = ?::uuid"
                + " AND latest_record IS NOT NULL", oldConversation) == 1);
        String replyId = "r-" + UUID.randomUUID();
        OperatorApi.as(Role.AGENT).contentType("application/json")
                .body(JSON.createObjectNode().put("replyId", replyId).put("agentId", "agent-3")
                        .put("text", "sorry for the wait " + tag).toString())
                .post("/conversations/" + oldConversation + "/replies").then().statusCode(202);
        await().atMost(WAIT).until(() -> Rows.count(database, "SELECT count(*) FROM reply WHERE reply_id = ? AND status = 'sent'",
                replyId) == 1);
        await().atMost(WAIT).until(() -> Rows.count(database, "SELECT count(*) FROM contact_history WHERE customer_id = ?::uuid"
                + " AND direction = 'outbound'", oldCustomer) == 1);

        String recentTag = UUID.randomUUID().toString().substring(0, 8);
        String recentVisitor = "visitor-recent-" + recentTag;
        String firstRecentId = UUID.randomUUID().toString();
        JsonNode firstRecent = chat(firstRecentId, recentVisitor, "recent-" + recentTag + "@example.com",
                CustomerResolutionTest.newPhone().substring("+86 ".length()), "long ago " + recentTag);
        String recentCustomer = firstRecent.at("/customer/id").asText();
        JsonNode latestRecent = chat(UUID.randomUUID().toString(), recentVisitor, null, null, "this week " + recentTag);
        assertThat(latestRecent.at("/customer/id").asText()).isEqualTo(recentCustomer);

        String past = "interval '" + (retentionDays + 10) + " days'";
        // everything of the old customer happened past the retention period
        for (String sql : List.of(
                "UPDATE customer SET created_at = created_at - " + past + ", last_contact_at = last_contact_at - " + past
                        + " WHERE id = ?::uuid",
                "UPDATE processed_message p SET published_at = published_at - " + past + " FROM contact_history h"
                        + " WHERE h.record_id = p.record_id AND h.customer_id = ?::uuid",
                "UPDATE contact_history SET received_at = received_at - " + past + " WHERE customer_id = ?::uuid",
                "UPDATE conversation SET opened_at = opened_at - " + past + ", last_contact_at = last_contact_at - "
                        + past + " WHERE customer_id = ?::uuid",
                "UPDATE loop_conversation l SET last_event_at = last_event_at - " + past + " FROM conversation v"
                        + " WHERE v.id = l.conversation_id AND v.customer_id = ?::uuid",
                "UPDATE reply SET created_at = created_at - " + past + ", updated_at = updated_at - " + past
                        + " WHERE customer_id = ?::uuid")) {
            Rows.update(database, sql, oldCustomer);
        }
        // ... and the recent customer's first message too, but not their latest
        Rows.update(database, "UPDATE processed_message p SET published_at = published_at - " + past + " FROM contact_history h"
                + " WHERE h.record_id = p.record_id AND h.record_id = ?::uuid", firstRecent.get("id").asText());
        Rows.update(database, "UPDATE contact_history SET received_at = received_at - " + past + " WHERE record_id = ?::uuid",
                firstRecent.get("id").asText());
        assertThat(PersonalDataScan.tablesContainingAnyOf(database, List.of(oldEmail, oldPhone, oldVisitor, tag))).isNotEmpty();
        String firstRecentKey = "SELECT count(*) FROM processed_message WHERE message_key LIKE '%' || ? || '%'";
        assertThat(Rows.count(database, firstRecentKey, firstRecentId)).isEqualTo(1);

        PersonalDataRetention.Expired expired = retention.purge();

        assertThat(expired.customers()).as("customers expired").isGreaterThanOrEqualTo(1);
        assertThat(PersonalDataScan.tablesContainingAnyOf(database, List.of(oldEmail, oldPhone, oldVisitor, tag)))
                .as("rows still holding the expired customer's identities or words").isEmpty();
        assertThat(Rows.count(database, "SELECT count(*) FROM customer WHERE id = ?::uuid AND erased_at IS NOT NULL",
                oldCustomer))
                .as("only the anonymous customer row with its counts").isEqualTo(1);
        assertThat(Rows.count(database, "SELECT count(*) FROM conversation WHERE customer_id = ?::uuid AND state <> 'closed'",
                oldCustomer)).isZero();
        assertThat(Rows.count(database, "SELECT count(*) FROM sla_clock WHERE conversation_id = ?::uuid AND stopped_at IS NULL",
                oldConversation)).as("running clocks").isZero();
        assertThat(Rows.count(database, "SELECT count(*) FROM erased_identity WHERE identity_hash = ?",
                ErasedIdentities.hash(new Identity(Identity.CHAT_VISITOR, oldVisitor))))
                .as("no identity hashes kept for an expiry: no topic copy is that old").isZero();
        OperatorApi.as(Role.AGENT).get("/customers/" + oldCustomer + "/context").then().statusCode(404);
        assertThat(PersonalDataScan.latestValue("switchboard.customer-context", oldCustomer))
                .as("their context on the compacted topic").isNull();

        Response recent = OperatorApi.as(Role.AGENT).get("/customers/" + recentCustomer + "/context");
        assertThat(recent.statusCode()).isEqualTo(200);
        assertThat(recent.jsonPath().getList("identities.value", String.class)).contains(recentVisitor);
        assertThat(Rows.count(database, "SELECT count(*) FROM contact_history WHERE customer_id = ?::uuid", recentCustomer))
                .as("the recent customer's history: the line past the period went, the latest stayed").isEqualTo(1);
        assertThat(Rows.count(database, firstRecentKey, firstRecentId))
                .as("the dedupe key of their message past the period").isZero();
        assertThat(retention.purge().customers()).as("a second run finds nothing more").isZero();
    }

    private JsonNode chat(String messageId, String visitor, String email, String phone, String text) throws Exception {
        String identities = (email == null ? "" : ",\"email\":\"" + email + "\"")
                + (phone == null ? "" : ",\"phone\":\"+86 " + phone + "\"");
        String body = """
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"%s"%s},"text":"%s",\
                "sentAt":"2026-11-23T09:30:00Z","locale":"en","widget":"site-main"}"""
                .formatted(messageId, visitor, visitor, identities, text);
        ChatRequests.post(body).then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(messageId), 1, WAIT);
        assertThat(contacts).hasSize(1);
        return JSON.readTree(contacts.get(0).value());
    }

}
