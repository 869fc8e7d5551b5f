package io.switchboard.customer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.security.Role;
import io.switchboard.store.Database;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.PersonalDataScan;
import io.switchboard.testing.Rows;
import io.switchboard.testing.RawRecords;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatRequests;
import io.switchboard.testing.WeChatTestAccounts;
import io.switchboard.testing.standin.StandIns;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The erasure scan of issue 16: a customer who wrote on WeChat (a conversation resolved, its survey armed), by chat
 * (an open conversation with armed SLA clocks), by e-mail through GreenMail's IMAP and by phone (a call event),
 * who got an agent's reply on the chat stand-in and one of whose messages was dead-lettered, is erased. Then every
 * table holds none of their identities or words, every topic copy of them was written before the erasure on a
 * topic bounded by {@code switchboard.kafka.retention}, and nothing republishes them: no timer, no dead-letter
 * replay, no reply command reaching their conversation afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
@TestProfile(ErasureScanTest.ArmedTimers.class)
class ErasureScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Over what a Kafka record may hold once normalized: the pipeline dead-letters it at its publish stage. */
    private static final int OVERSIZED_TEXT = 1_048_576 - 64 * 1024;

    /** SLA clocks that are still running when the customer is erased and due soon after; surveys due much later. */
    public static class ArmedTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            for (String priority : List.of("high", "medium", "low")) {
                config.put("switchboard.sla." + priority + ".respond-within", "PT50S");
                config.put("switchboard.sla." + priority + ".resolve-within", "PT70S");
            }
            config.put("switchboard.escalation.survey-delay", "PT10M");
            config.put("switchboard.outbound.dispatch-interval", "PT0.1S");
            return config;
        }
    }

    @Inject
    Database database;

    @ConfigProperty(name = "switchboard.kafka.retention")
    Duration topicRetention;

    @Test
    void shouldLeaveNoPlaintextOfAnErasedCustomerInAnyTableAndOnlyBoundedCopiesNeverRepublished() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "scan-" + tag + "@example.com";
        String phone = CustomerResolutionTest.newPhone();
        String nationalPhone = phone.substring("+86 ".length());
        String visitor = "visitor-scan-" + tag;
        String openid = "oScan" + tag + "Zq7ou2gfYjqLzS";
        List<String> needles = List.of(email, nationalPhone, visitor, openid, tag);

        // WeChat: a customer of their own at first, whose conversation is claimed and resolved (survey armed)
        JsonNode wechat = wechatAndRead(openid, "微信里的问题 " + tag);
        String wechatConversation = wechat.get("conversationId").asText();
        await().atMost(WAIT).until(() -> latestRecordKnown(wechatConversation));
        agentEvent("claimed", wechatConversation);
        agentEvent("resolved", wechatConversation);
        await().atMost(WAIT).until(() -> Rows.count(database, "SELECT count(*) FROM loop_conversation"
                + " WHERE conversation_id = ?::uuid AND survey_due_at IS NOT NULL", wechatConversation) == 1);

        // chat: the open conversation, with its clocks running
        JsonNode chat = chatAndRead(UUID.randomUUID().toString(), visitor, email, phone,
                "my order never came " + tag);
        String customer = chat.at("/customer/id").asText();
        String conversation = chat.get("conversationId").asText();

        // e-mail from the address the visitor typed, fetched by IMAP, and a call from the number they typed:
        // typed identities prove nothing, so each is a customer of its own until an agent confirms the proposal
        String mailId = UUID.randomUUID() + "@mail.example.com";
        MailServer.append(MailServer.SUPPORT, mail(email, mailId, "still waiting for order " + tag));
        String callId = "call-" + UUID.randomUUID();
        phoneEvent(callId, nationalPhone).then().statusCode(202);
        assertThat(List.of(customerOfContact(mailId), customerOfContact(callId))).doesNotContain(customer);
        List<String> proposals = OperatorApi.as(Role.AGENT).get("/customers/" + customer + "/merge-proposals")
                .then().statusCode(200).extract().path("proposals.id");
        assertThat(proposals).hasSize(2);
        for (String proposal : proposals) {
            OperatorApi.as(Role.AGENT).post("/merge-proposals/" + proposal + "/confirm").then().statusCode(200);
        }
        OperatorApi.as(Role.AGENT).get("/customers/" + customerOfContact(callId) + "/context").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(customer));

        // an operator links the WeChat follower to them: the WeChat customer is merged in
        OperatorApi.as(Role.ADMIN).contentType("application/json")
                .body(JSON.createObjectNode().put("type", IdentityKeys.WECHAT_OPENID)
                        .put("value", WeChatTestAccounts.OA_PLAIN + ":" + openid).toString())
                .post("/customers/" + customer + "/identities").then().statusCode(200);

        // an agent's reply, sent on the chat stand-in and recorded as an outbound contact
        await().atMost(WAIT).until(() -> latestRecordKnown(conversation));
        String replyId = "r-" + UUID.randomUUID();
        OperatorApi.as(Role.AGENT).contentType("application/json")
                .body(JSON.createObjectNode().put("replyId", replyId).put("agentId", "agent-9")
                        .put("text", "we are sending a new one " + tag).toString())
                .post("/conversations/" + conversation + "/replies").then().statusCode(202);
        await().atMost(WAIT).until(() -> "sent".equals(replyStatus(replyId)));
        assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains("\"author\":\"agent-9\"")
                .and(TopicReader.valueContains(conversation)), 1, WAIT)).hasSize(1);

        // a message of theirs too large for a Kafka record: dead-lettered by the pipeline's publish stage
        String oversizedId = "big-" + UUID.randomUUID();
        ChatRequests.post(chatBody(oversizedId, visitor, email, phone,
                tag + " " + "x".repeat(OVERSIZED_TEXT))).then().statusCode(202);
        ConsumerRecord<String, byte[]> dead = TopicReader.read("switchboard.dead-letter",
                TopicReader.valueContains(oversizedId), 1, WAIT).get(0);

        assertThat(Rows.count(database, "SELECT count(*) FROM sla_clock k JOIN conversation v ON v.id = k.conversation_id"
                + " WHERE v.customer_id = ?::uuid AND k.stopped_at IS NULL", customer)).as("armed SLA clocks").isPositive();
        Instant lastDue = latestDueClock(customer);
        assertThat(PersonalDataScan.tablesContainingAnyOf(database, needles))
                .as("the scan sees the customer before the erasure").isNotEmpty();

        Instant erasedAt = Instant.now();
        List<String> erased = OperatorApi.as(Role.ADMIN).delete("/customers/" + customer).then().statusCode(200)
                .extract().path("erased");
        assertThat(erased).as("the customer and the WeChat, mail and call customers merged into them").hasSize(4);

        // afterwards: a reply command an agent tool had queued reaches the erased conversation
        String lateReply = "late-" + UUID.randomUUID();
        RawRecords.send("switchboard.outbound", conversation, Map.of(), JSON.createObjectNode().put("replyId", lateReply)
                .put("conversationId", conversation).put("agentId", "agent-9").put("text", "one more thing, late")
                .toString().getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> "failed".equals(replyStatus(lateReply)));
        assertThat(Rows.count(database, "SELECT count(*) FROM reply WHERE reply_id = ? AND text = ''"
                + " AND attachments = '[]'", lateReply))
                .as("a refused reply keeps no text").isEqualTo(1);

        // ... and an operator replays their dead letter: refused, nothing goes back on the raw topic
        Response replay = OperatorApi.as(Role.ADMIN).post("/dead-letters/" + dead.partition() + "/" + dead.offset() + "/replay");
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.jsonPath().getString("error")).contains("erased");

        assertThat(PersonalDataScan.tablesContainingAnyOf(database, needles))
                .as("rows holding the erased customer's identities or words").isEmpty();
        assertThat(Rows.count(database, "SELECT count(*) FROM loop_conversation l JOIN conversation v ON v.id = l.conversation_id"
                + " WHERE v.customer_id = ANY (?::uuid[]) AND (survey_due_at IS NOT NULL OR move_at IS NOT NULL)",
                "{" + String.join(",", erased) + "}")).as("surveys or queue moves left armed").isZero();

        // past every deadline their clocks had: a running one would have escalated and re-routed the message
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastDue.plusSeconds(5)).toMillis()));
        List<PersonalDataScan.TopicCopy> copies = PersonalDataScan.topicRecordsContainingAnyOf(needles);
        assertThat(copies).as("copies on the topics before the erasure").extracting(PersonalDataScan.TopicCopy::topic)
                .contains("switchboard.inbound.raw", "switchboard.contacts", "switchboard.dead-letter",
                        "switchboard.customer-context");
        assertThat(copies).as("copies written after the erasure").filteredOn(c -> !c.writtenAt().isBefore(erasedAt))
                .isEmpty();
        assertThat(copies).as("copies on topics that keep them longer than switchboard.kafka.retention")
                .filteredOn(c -> c.keptAtMost().compareTo(topicRetention) > 0).isEmpty();
        assertThat(copies).as("compacted copies not followed by a tombstone").filteredOn(PersonalDataScan.TopicCopy::compacted)
                .allSatisfy(c -> assertThat(PersonalDataScan.latestValue(c.topic(), c.key())).as(c.toString()).isNull());
        assertThat(TopicReader.read("switchboard.escalations", TopicReader.keyIs(conversation), 10, Duration.ofSeconds(3)))
                .as("SLA events of their conversation after the erasure")
                .filteredOn(r -> r.timestamp() >= erasedAt.toEpochMilli()).isEmpty();
    }

    private JsonNode wechatAndRead(String openid, String text) throws Exception {
        long msgId = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
        WeChatRequests.postPlain(WeChatTestAccounts.OA_PLAIN, WeChatTestAccounts.OA_PLAIN_TOKEN, "<xml><ToUserName>"
                + "<![CDATA[gh_switchboard]]></ToUserName><FromUserName><![CDATA[" + openid + "]]></FromUserName>"
                + "<CreateTime>" + Instant.now().getEpochSecond() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + text + "]]></Content><MsgId>" + msgId + "</MsgId></xml>").then().statusCode(200);
        return contact(TopicReader.valueContains(Long.toString(msgId)));
    }

    private JsonNode chatAndRead(String messageId, String visitor, String email, String phone, String text) throws Exception {
        ChatRequests.post(chatBody(messageId, visitor, email, phone, text)).then().statusCode(202);
        return contact(TopicReader.valueContains(messageId));
    }

    private static String chatBody(String messageId, String visitor, String email, String phone, String text) {
        return """
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"%s","name":"Han Meimei",\
                "email":"%s","phone":"%s"},"text":"%s","sentAt":"2026-11-23T09:30:00Z","locale":"en","widget":"site-main"}"""
                .formatted(messageId, visitor, visitor, email, phone, text);
    }

    private static byte[] mail(String from, String messageId, String body) {
        return ("From: Han Meimei <" + from + ">\r\nTo: " + MailServer.SUPPORT + "\r\nSubject: order\r\n"
                + "Message-ID: <" + messageId + ">\r\nDate: Mon, 07 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Response phoneEvent(String callId, String from) {
        String body = """
                {"callId":"%s","from":"%s","to":"8001","direction":"inbound","status":"missed",\
                "startedAt":"%s","endedAt":"%s","durationSeconds":0,"agentId":"8001"}"""
                .formatted(callId, from, Instant.now().minusSeconds(30), Instant.now());
        return given().contentType("application/json")
                .header(TimestampedSignature.HEADER, TimestampedSignature.headerFor(GatewayInfrastructure.PHONE_SECRET,
                        Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)))
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/webhooks/phone");
    }

    private static void agentEvent(String type, String conversation) throws Exception {
        RawRecords.send("switchboard.agent-events", conversation, Map.of(), JSON.createObjectNode().put("type", type)
                .put("conversationId", conversation).put("agentId", "agent-9").put("at", Instant.now().toString())
                .toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode contact(java.util.function.Predicate<ConsumerRecord<String, byte[]>> filter) throws Exception {
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts", filter, 1, WAIT);
        assertThat(contacts).hasSize(1);
        return JSON.readTree(contacts.get(0).value());
    }

    private static String customerOfContact(String channelMessageId) throws Exception {
        return contact(TopicReader.valueContains(channelMessageId)).at("/customer/id").asText();
    }

    private static String replyStatus(String replyId) {
        Response response = OperatorApi.as(Role.AGENT).get("/replies/" + replyId);
        return response.statusCode() == 200 ? response.jsonPath().getString("status") : null;
    }

    private boolean latestRecordKnown(String conversation) throws Exception {
        return Rows.count(database, "SELECT count(*) FROM loop_conversation WHERE conversation_id = ?::uuid"
                + " AND latest_record IS NOT NULL",
                conversation) == 1;
    }

    private Instant latestDueClock(String customer) throws Exception {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement("SELECT max(k.due_at)"
                + " FROM sla_clock k JOIN conversation v ON v.id = k.conversation_id WHERE v.customer_id = ?::uuid")) {
            s.setString(1, customer);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

}
