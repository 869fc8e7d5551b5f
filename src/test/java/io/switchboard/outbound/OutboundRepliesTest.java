package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

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
import io.switchboard.testing.MailServer;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.Replies;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatRequests;
import io.switchboard.testing.WeChatTestAccounts;
import io.switchboard.testing.standin.OfficialAccountStandIn;
import io.switchboard.testing.standin.StandInServer;
import io.switchboard.testing.standin.StandIns;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Agents' replies end to end: chat message in → conversation → POST reply → the channel's stand-in → status on
 * switchboard.outbound.status and via GET → outbound ContactRecord on contacts and in the context → conversation
 * responded. Real Kafka, real PostgreSQL, the stand-ins of testing/standin.
 */
@QuarkusTest
@TestProfile(OutboundRepliesTest.FastRetries.class)
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class OutboundRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Retries within a test's patience. */
    public static class FastRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.outbound.retry.initial-backoff", "PT0.05S",
                    "switchboard.outbound.retry.max-backoff", "PT0.2S",
                    "switchboard.outbound.retry.max-attempts", "4",
                    "switchboard.outbound.dispatch-interval", "PT0.1S");
        }
    }

    @Inject
    Database database;

    private record Conversation(String id, String customerId, String messageId) {}

    @Test
    void shouldSendAChatReplyAndRecordBothSidesOfTheConversation() throws Exception {
        Conversation conversation = chatConversation();
        String replyId = "r-" + UUID.randomUUID();

        Replies.post(conversation.id(), replyId, "您好，订单已发货").then().statusCode(202)
                .body("replyId", equalTo(replyId)).body("status", equalTo("accepted"));

        JsonNode status = Replies.awaitStatus(replyId, "sent", WAIT);
        assertThat(status.get("channel").asText()).isEqualTo("chat");
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("possibleDuplicate").asBoolean()).isFalse();
        StandInServer.Request sent = StandIns.chat().requests().stream()
                .filter(r -> replyId.equals(r.header("Idempotency-Key"))).findFirst().orElseThrow();
        assertThat(sent.header("X-Switchboard-Signature")).startsWith("t=");
        assertThat(sent.json().get("sessionId").asText()).isEqualTo("sess-" + conversation.messageId());
        assertThat(sent.json().get("visitorId").asText()).isEqualTo("visitor-" + conversation.messageId());
        assertThat(status.get("providerMessageId").asText())
                .isEqualTo(StandIns.chat().deliveries().get(replyId).id());

        List<ConsumerRecord<String, byte[]>> statuses = TopicReader.read("switchboard.outbound.status",
                TopicReader.keyIs(replyId), 2, WAIT);
        assertThat(statuses).extracting(r -> JSON.readTree(r.value()).get("status").asText()).contains("sent");

        List<ConsumerRecord<String, byte[]>> outbound = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains("\"author\":\"agent-7\"").and(TopicReader.valueContains(conversation.id())),
                1, WAIT);
        assertThat(outbound).hasSize(1);
        JsonNode record = JSON.readTree(outbound.get(0).value());
        assertThat(record.get("direction").asText()).isEqualTo("outbound");
        assertThat(record.get("text").asText()).isEqualTo("您好，订单已发货");
        assertThat(record.at("/customer/id").asText()).isEqualTo(conversation.customerId());
        assertThat(outbound.get(0).key()).isEqualTo(conversation.customerId());

        JsonNode context = JSON.readTree(OperatorApi.as(Role.AGENT).get("/customers/" + conversation.customerId()
                + "/context").then().statusCode(200).extract().asByteArray());
        assertThat(context.findValues("recentContacts").get(0).get(0).get("direction").asText()).isEqualTo("outbound");
        assertThat(context.findValues("recentContacts").get(0).get(1).get("direction").asText()).isEqualTo("inbound");

        await().atMost(WAIT).untilAsserted(() -> assertThat(conversationState(conversation.id())).isEqualTo("responded"));
    }

    @Test
    void shouldSendAReplyIdOnceHoweverOftenItIsPosted() throws Exception {
        Conversation conversation = chatConversation();
        String replyId = "twice-" + UUID.randomUUID();
        Replies.post(conversation.id(), replyId, "first").then().statusCode(202);
        Replies.post(conversation.id(), replyId, "first").then().statusCode(202).body("replyId", equalTo(replyId));
        Replies.awaitStatus(replyId, "sent", WAIT);
        Replies.post(conversation.id(), replyId, "first").then().statusCode(202).body("status", equalTo("sent"));

        Thread.sleep(500); // a second dispatch would have happened within a few dispatch intervals
        assertThat(StandIns.chat().requests().stream().filter(r -> replyId.equals(r.header("Idempotency-Key"))))
                .hasSize(1);
    }

    @Test
    void shouldHoldAConversationsLaterRepliesWhileAnEarlierOneWaitsForItsRetry() throws Exception {
        Conversation conversation = chatConversation();
        StandIns.chat().failNext("/replies", new StandInServer.Fault.Respond(
                StandInServer.Answer.json(503, "{\"error\":\"busy\"}")));
        List<String> replyIds = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            // ids that do not sort in the order they are posted
            String replyId = UUID.randomUUID() + "-order-" + i;
            Replies.post(conversation.id(), replyId, "第 " + i + " 条").then().statusCode(202);
            replyIds.add(replyId);
        }
        for (String replyId : replyIds) {
            Replies.awaitStatus(replyId, "sent", WAIT);
        }
        List<String> arrivals = StandIns.chat().requests().stream().map(r -> r.header("Idempotency-Key"))
                .filter(replyIds::contains).toList();
        assertThat(arrivals).as("the first reply: refused once, then sent").startsWith(replyIds.get(0), replyIds.get(0));
        assertThat(arrivals.subList(1, arrivals.size())).containsExactlyElementsOf(replyIds);
    }

    @Test
    void shouldRetryAfterAServerErrorAndThenSend() throws Exception {
        Conversation conversation = chatConversation();
        String replyId = "retry-" + UUID.randomUUID();
        StandIns.chat().failNext("/replies", new StandInServer.Fault.Respond(
                StandInServer.Answer.json(503, "{\"error\":\"busy\"}")));

        Replies.post(conversation.id(), replyId, "after a retry").then().statusCode(202);

        JsonNode status = Replies.awaitStatus(replyId, "sent", WAIT);
        assertThat(status.get("attempts").asInt()).isEqualTo(2);
        assertThat(StandIns.chat().requests().stream().filter(r -> replyId.equals(r.header("Idempotency-Key"))))
                .hasSize(2);
    }

    @Test
    void shouldFailWithTheChannelsCodeOnAPermanentRefusal() throws Exception {
        Conversation conversation = chatConversation();
        String replyId = "refused-" + UUID.randomUUID();
        StandIns.chat().failNext("/replies", new StandInServer.Fault.Respond(
                StandInServer.Answer.json(400, "{\"error\":\"session-closed\"}")));

        Replies.post(conversation.id(), replyId, "too late").then().statusCode(202);

        JsonNode status = Replies.awaitStatus(replyId, "failed", WAIT);
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("code").asText()).isNotBlank();
        assertThat(status.get("reason").asText()).isNotBlank();
    }

    @Test
    void shouldRefuseWhatCannotBeSentBeforeAcceptingIt() throws Exception {
        Conversation conversation = chatConversation();
        String path = "/conversations/" + conversation.id() + "/replies";
        OperatorApi.anonymous().contentType("application/json").body(Replies.body("x-1", "hi")).post(path).then()
                .statusCode(401);
        OperatorApi.as(Role.METRICS).contentType("application/json").body(Replies.body("x-2", "hi")).post(path).then()
                .statusCode(403);
        OperatorApi.as(Role.AGENT).contentType("application/json").body("{not json").post(path).then()
                .statusCode(400).body("error", equalTo("invalid_payload"));
        OperatorApi.as(Role.AGENT).contentType("application/json").body("{\"replyId\":\"x-3\",\"text\":\"hi\"}")
                .post(path).then().statusCode(400).body("field", equalTo("agentId"));
        Replies.post(UUID.randomUUID().toString(), "x-4", "hi").then().statusCode(404).body("error", equalTo("not_found"));
        Replies.post("not-a-uuid", "x-5", "hi").then().statusCode(400).body("field", equalTo("conversationId"));
        Replies.post(conversation.id(), "x-6", "长".repeat(ChannelLimits.CHAT.max() + 1)).then().statusCode(422)
                .body("field", equalTo("text"));
        OperatorApi.as(Role.AGENT).contentType("application/json").body("{\"replyId\":\"x-7\",\"agentId\":\"a\","
                + "\"text\":\"see attached\",\"attachments\":[{\"name\":\"a.txt\",\"contentType\":\"text/plain\","
                + "\"content\":\"aGk=\"}]}").post(path).then().statusCode(422).body("field", equalTo("attachments"));
        // the chat customer has an email identity, but no mailbox is named for a new email thread
        OperatorApi.as(Role.AGENT).contentType("application/json").body("{\"replyId\":\"x-8\",\"agentId\":\"a\","
                + "\"text\":\"by mail\",\"channel\":\"email\"}").post(path).then().statusCode(409)
                .body("error", equalTo("sending_not_configured"));
        OperatorApi.as(Role.AGENT).get("/replies/x-4").then().statusCode(404);

        OperatorApi.asLegacyAdmin().delete("/customers/" + conversation.customerId()).then().statusCode(200);
        Replies.post(conversation.id(), "x-9", "hi").then().statusCode(410).body("error", equalTo("gone"));
    }

    @Test
    void shouldAnswerAMailInTheCustomersThreadAndKeepTheirNextMailInTheConversation() throws Exception {
        String customer = "mail-" + UUID.randomUUID() + "@customer.example";
        String messageId = "q-" + UUID.randomUUID() + "@customer.example";
        MailServer.sendBySmtp(MailServer.SUPPORT, mail(customer, messageId, null, "订单问题", "我的订单还没到")
                .getBytes(StandardCharsets.UTF_8));
        JsonNode record = contactContaining(customer);
        String conversationId = record.get("conversationId").asText();
        Replies.awaitReplyable(conversationId, WAIT);
        String replyId = "mail-" + UUID.randomUUID();

        Replies.post(conversationId, replyId, "您好，已为您查询").then().statusCode(202);

        JsonNode status = Replies.awaitStatus(replyId, "sent", WAIT);
        MimeMessage[] received = MailServer.receivedBy(customer);
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Re: 订单问题");
        assertThat(received[0].getHeader("In-Reply-To", null)).isEqualTo("<" + messageId + ">");
        assertThat(received[0].getHeader("References", null)).contains("<" + messageId + ">");
        String ours = received[0].getHeader("Message-ID", null);
        assertThat(status.get("providerMessageId").asText()).isEqualTo(ours);

        MailServer.sendBySmtp(MailServer.SUPPORT, mail(customer, "q2-" + UUID.randomUUID() + "@customer.example", ours,
                "Re: 订单问题", "谢谢，还有一个问题").getBytes(StandardCharsets.UTF_8));
        JsonNode next = contactContaining("还有一个问题");
        assertThat(next.get("conversationId").asText()).isEqualTo(conversationId);
    }

    @Test
    void shouldFailAWeChatReplyOutsideThe48HourWindowWithoutRetrying() throws Exception {
        String openid = newFollower();
        StandIns.officialAccount().closeWindow(openid);
        String conversationId = weChatConversation(openid);
        String replyId = "wx-" + UUID.randomUUID();

        Replies.post(conversationId, replyId, "您好").then().statusCode(202);

        JsonNode status = Replies.awaitStatus(replyId, "failed", WAIT);
        assertThat(status.get("code").asText()).isEqualTo("45015");
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        Thread.sleep(500); // several dispatch intervals: a retry would show as a second request
        assertThat(StandIns.officialAccount().requests(OfficialAccountStandIn.SEND_PATH).stream()
                .filter(r -> r.text().contains(openid))).hasSize(1);
    }

    @Test
    void shouldSendChatRepliesWhileTheWeChatApiHangs() throws Exception {
        String openid = newFollower();
        String weChatConversation = weChatConversation(openid);
        Conversation chat = chatConversation();
        // answered after a while, within the read timeout, so the WeChat worker is free again for other tests
        StandIns.officialAccount().hangNext(OfficialAccountStandIn.SEND_PATH, Duration.ofSeconds(8));
        String weChatReply = "wx-slow-" + UUID.randomUUID();
        Replies.post(weChatConversation, weChatReply, "请稍候").then().statusCode(202);
        await().atMost(WAIT).until(() -> StandIns.officialAccount().requests(OfficialAccountStandIn.SEND_PATH)
                .stream().anyMatch(r -> r.text().contains(openid)));

        String chatReply = "chat-meanwhile-" + UUID.randomUUID();
        Replies.post(chat.id(), chatReply, "您好").then().statusCode(202);
        Replies.awaitStatus(chatReply, "sent", WAIT);

        JsonNode weChat = JSON.readTree(OperatorApi.as(Role.AGENT).get("/replies/" + weChatReply).asByteArray());
        assertThat(weChat.get("status").asText()).as("the WeChat attempt is still waiting for its answer")
                .isEqualTo("accepted");
        assertThat(weChat.has("code")).as("no attempt has ended yet").isFalse();
        Replies.awaitStatus(weChatReply, "sent", WAIT);
    }

    /** A follower of the Official Account who can be written to. */
    private static String newFollower() {
        String openid = "oOut" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        StandIns.officialAccount().follower(openid);
        return openid;
    }

    /** A text message from the follower, once the gateway can answer its conversation. */
    private static String weChatConversation(String openid) throws Exception {
        long msgId = System.nanoTime();
        WeChatRequests.postPlain(WeChatTestAccounts.OA, WeChatTestAccounts.OA_TOKEN, "<xml><ToUserName><![CDATA["
                + "gh_switchboard]]></ToUserName><FromUserName><![CDATA[" + openid + "]]></FromUserName><CreateTime>"
                + Instant.now().getEpochSecond() + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
                + "还在吗]]></Content><MsgId>" + msgId + "</MsgId></xml>").then().statusCode(200);
        String conversationId = contactContaining(openid).get("conversationId").asText();
        Replies.awaitReplyable(conversationId, WAIT);
        return conversationId;
    }

    @Test
    void shouldStoreKafkaCommandsAndDeadLetterWhatIsNoCommand() throws Exception {
        String replyId = "kafka-" + UUID.randomUUID();
        String unknownConversation = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, GatewayInfrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("switchboard.outbound", "x",
                    ("{\"garbage\":\"" + replyId + "\"}").getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>("switchboard.outbound", unknownConversation, ("{\"replyId\":\"" + replyId
                    + "\",\"conversationId\":\"" + unknownConversation + "\",\"agentId\":\"bot\",\"text\":\"hi\"}")
                    .getBytes(StandardCharsets.UTF_8))).get();
        }

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read("switchboard.dead-letter",
                TopicReader.valueContains(replyId), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("sb-dead-letter-reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("not a reply command: conversationId is required");
        JsonNode status = Replies.awaitStatus(replyId, "failed", WAIT);
        assertThat(status.get("code").asText()).isEqualTo("not_found");
    }

    private static String mail(String from, String messageId, String inReplyTo, String subject, String body) {
        return "From: " + from + "\r\nTo: " + MailServer.SUPPORT + "\r\nSubject: =?UTF-8?B?"
                + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
                + "Message-ID: <" + messageId + ">\r\n" + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo
                + "\r\nReferences: " + inReplyTo + "\r\n") + "Date: Mon, 07 Dec 2026 10:00:00 +0800\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body + "\r\n";
    }

    private static JsonNode contactContaining(String text) throws Exception {
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(text).and(TopicReader.valueContains("\"direction\":\"inbound\"")), 1, WAIT);
        assertThat(contacts).as("contact with %s", text).hasSize(1);
        return JSON.readTree(contacts.get(0).value());
    }

    /** A chat message from a new visitor, once the agent loop knows its conversation (replies can be accepted). */
    private Conversation chatConversation() throws Exception {
        String messageId = "out-" + UUID.randomUUID();
        ChatRequests.post("""
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"visitor-%s","email":"%s@example.com"},\
                "text":"我的订单还没到","sentAt":"2026-11-23T09:30:00Z","locale":"zh-CN","widget":"site-main"}"""
                .formatted(messageId, messageId, messageId, messageId)).then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(messageId), 1, WAIT);
        JsonNode record = JSON.readTree(contacts.get(0).value());
        String conversationId = record.get("conversationId").asText();
        Replies.awaitReplyable(conversationId, WAIT);
        return new Conversation(conversationId, record.at("/customer/id").asText(), messageId);
    }

    private String conversationState(String conversationId) throws Exception {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("SELECT state FROM conversation WHERE id = ?::uuid")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
