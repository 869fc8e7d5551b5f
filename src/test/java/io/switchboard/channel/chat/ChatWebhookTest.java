package io.switchboard.channel.chat;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.domain.RawMessage;
import io.switchboard.domain.Channel;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.kafka.RawMessageHeaders;
import io.switchboard.pipeline.ContactPublisher;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class ChatWebhookTest {

    private static final String RAW = "switchboard.inbound.raw";
    private static final String CONTACTS = "switchboard.contacts";
    private static final String QUEUE = "switchboard.queue.general.medium";
    private static final String DEAD_LETTER = "switchboard.dead-letter";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPublishContactRecordOnRawContactsAndQueueTopics() throws Exception {
        String messageId = "msg-" + UUID.randomUUID();
        String id = ChatRequests.post(ChatRequests.message(messageId, "我的订单 SO-123 还没发货"))
                .then().statusCode(202).body("messageId", equalTo(messageId)).body("id", notNullValue())
                .extract().path("id");

        assertThat(TopicReader.read(RAW, TopicReader.keyIs(messageId), 1, WAIT)).hasSize(1);
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT);
        assertThat(contacts).hasSize(1);
        JsonNode record = JSON.readTree(contacts.get(0).value());
        assertThat(record.fieldNames()).toIterable().contains("id", "channel", "direction", "receivedAt",
                "channelMessageId", "from", "to", "customer", "conversationId", "subject", "text", "language",
                "attachments", "tags", "sentiment", "priority", "sla", "priorityReasons", "entities", "queue",
                "preferredAgent", "context", "raw");
        assertThat(record.get("id").asText()).isEqualTo(id);
        assertThat(record.get("channel").asText()).isEqualTo("chat");
        assertThat(record.get("direction").asText()).isEqualTo("inbound");
        assertThat(record.get("channelMessageId").asText()).isEqualTo(messageId);
        assertThat(record.at("/from/type").asText()).isEqualTo("chat-visitor");
        assertThat(record.at("/from/value").asText()).isEqualTo("visitor-" + messageId);
        assertThat(record.get("identities").toString()).contains("li.lei@example.com");
        assertThat(record.get("text").asText()).isEqualTo("我的订单 SO-123 还没发货");
        assertThat(record.get("language").asText()).isEqualTo("zh");
        assertThat(record.at("/attachments/0/name").asText()).isEqualTo("receipt.png");
        assertThat(record.get("priority").asText()).isEqualTo("medium");
        assertThat(record.get("queue").asText()).isEqualTo("general");
        Instant receivedAt = Instant.parse(record.get("receivedAt").asText());
        assertThat(Instant.parse(record.at("/sla/respondBy").asText())).isEqualTo(receivedAt.plus(Duration.ofHours(2)));
        assertThat(Instant.parse(record.at("/sla/resolveBy").asText())).isEqualTo(receivedAt.plus(Duration.ofHours(48)));
        assertThat(record.at("/raw/topic").asText()).isEqualTo(RAW);
        assertThat(record.at("/raw/offset").isNumber()).isTrue();
        assertThat(record.has("raw") && !record.get("raw").has("body")).isTrue();

        String customerId = record.at("/customer/id").asText();
        assertThat(contacts.get(0).key()).isEqualTo(customerId);
        List<ConsumerRecord<String, byte[]>> queued = TopicReader.read(QUEUE, TopicReader.valueContains(id), 1, WAIT);
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).key()).isEqualTo(customerId);
    }

    @Test
    void shouldProduceOneRecordWhenTheSameMessageIsDeliveredThreeTimes() {
        String messageId = "retry-" + UUID.randomUUID();
        String body = ChatRequests.message(messageId, "delivered three times");
        for (int i = 0; i < 3; i++) {
            ChatRequests.post(body).then().statusCode(202);
        }
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(messageId), 3, WAIT)).hasSize(3);
        PipelineProgress.awaitDrained(RAW, WAIT);
        String id = RawMessage.recordIdFor(Channel.CHAT, messageId);
        assertThat(TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, Duration.ofSeconds(3))).hasSize(1);
        assertThat(TopicReader.read(QUEUE, TopicReader.valueContains(id), 1, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void shouldRejectForgedSignatureAndStoreNothing() {
        String messageId = "forged-" + UUID.randomUUID();
        String body = ChatRequests.message(messageId, "hello");
        ChatRequests.post(body, ChatRequests.sign("not-the-secret", body))
                .then().statusCode(401).body("error", equalTo("unauthorized"))
                .body("message", containsString("does not match"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(messageId), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void shouldRejectMissingSignature() {
        given().contentType("application/json").body(ChatRequests.message("m-" + UUID.randomUUID(), "hi"))
                .post("/webhooks/chat")
                .then().statusCode(401).body("message", containsString("missing X-Switchboard-Signature"));
    }

    @Test
    void shouldRejectTimestampOutsideTheFiveMinuteWindow() {
        String body = ChatRequests.message("stale-" + UUID.randomUUID(), "replayed later");
        long sixMinutesAgo = Instant.now().minusSeconds(360).getEpochSecond();
        String stale = TimestampedSignature.headerFor(GatewayInfrastructure.CHAT_SECRET, sixMinutesAgo,
                body.getBytes(StandardCharsets.UTF_8));
        ChatRequests.post(body, stale).then().statusCode(401).body("message", containsString("tolerance"));
    }

    @Test
    void shouldAcceptPreviousSecretAndAnyMatchingV1DuringRotation() {
        String body = ChatRequests.message("rotation-" + UUID.randomUUID(), "rotating");
        ChatRequests.post(body, ChatRequests.sign(GatewayInfrastructure.CHAT_SECRET_PREVIOUS, body)).then().statusCode(202);
        String good = ChatRequests.sign(GatewayInfrastructure.CHAT_SECRET, body);
        String t = good.substring(0, good.indexOf(','));
        ChatRequests.post(body, t + ",v1=" + "00".repeat(32) + good.substring(good.indexOf(','))).then().statusCode(202);
    }

    @Test
    void shouldAnswer400NamingTheMissingField() {
        String body = ChatRequests.message("nofield-" + UUID.randomUUID(), "x").replace("\"id\":\"visitor-", "\"ref\":\"visitor-");
        ChatRequests.post(body).then().statusCode(400).body("error", equalTo("invalid_payload"))
                .body("field", equalTo("visitor.id"));
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        ChatRequests.post("{\"messageId\": \"broken\", ").then().statusCode(400)
                .body("message", containsString("not valid JSON"));
    }

    @Test
    void shouldAnswer400ForHostileNesting() {
        ChatRequests.post("[".repeat(5000) + "]".repeat(5000)).then().statusCode(400);
    }

    @Test
    void shouldAnswer415ForWrongContentType() {
        String body = ChatRequests.message("ct-" + UUID.randomUUID(), "hi");
        given().contentType("text/plain").header(TimestampedSignature.HEADER, ChatRequests.sign(GatewayInfrastructure.CHAT_SECRET, body))
                .body(body).post("/webhooks/chat")
                .then().statusCode(415).body("error", equalTo("unsupported_media_type"));
    }

    @Test
    void shouldAnswer413ForBodiesOverOneMebibyte() {
        String body = ChatRequests.message("big-" + UUID.randomUUID(), "x".repeat(1024 * 1024));
        ChatRequests.post(body).then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void shouldDeadLetterRawMessagesThePipelineCannotRead() {
        String unreadable = "unreadable-" + UUID.randomUUID();
        String noChannel = "nochannel-" + UUID.randomUUID();
        byte[] broken = "{\"messageId\": broken".getBytes(StandardCharsets.UTF_8);
        RecordHeaders chatHeaders = new RecordHeaders();
        chatHeaders.add(RawMessageHeaders.CHANNEL, "chat".getBytes(StandardCharsets.UTF_8));
        chatHeaders.add(RawMessageHeaders.RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", GatewayInfrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(RAW, null, unreadable, broken, chatHeaders));
            producer.send(new ProducerRecord<>(RAW, noChannel, broken));
            producer.flush();
        }
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(DEAD_LETTER, TopicReader.keyIs(unreadable), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(broken);
        assertThat(header(dead.get(0), ContactPublisher.DLQ_STAGE)).isEqualTo("normalize");
        assertThat(header(dead.get(0), ContactPublisher.DLQ_REASON)).contains("not valid JSON");
        List<ConsumerRecord<String, byte[]>> deadNoChannel = TopicReader.read(DEAD_LETTER, TopicReader.keyIs(noChannel), 1, WAIT);
        assertThat(deadNoChannel).hasSize(1);
        assertThat(header(deadNoChannel.get(0), ContactPublisher.DLQ_REASON)).contains("sb-channel");
    }

    @Test
    void shouldExposePerChannelCountersAndQueueLatency() {
        ChatRequests.post(ChatRequests.message("metrics-" + UUID.randomUUID(), "count me")).then().statusCode(202);
        ChatRequests.post("{}", "t=1,v1=00").then().statusCode(401);
        PipelineProgress.awaitDrained(RAW, WAIT);
        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_ingress_accepted_total{channel=\"chat\"}"))
                .body(containsString("switchboard_ingress_rejected_total{channel=\"chat\",reason=\"signature\"}"))
                .body(containsString("switchboard_ingress_to_queue_seconds_bucket{channel=\"chat\""));
    }

    @Test
    void shouldReportReadyWhileKafkaAnswers() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("kafka"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
