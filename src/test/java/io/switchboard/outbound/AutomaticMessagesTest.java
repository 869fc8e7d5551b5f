package io.switchboard.outbound;

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
import io.switchboard.survey.SurveyAnswers;
import io.switchboard.survey.SurveySender;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.RawRecords;
import io.switchboard.testing.Replies;
import io.switchboard.testing.Rows;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.standin.ChatReplyStandIn;
import io.switchboard.testing.standin.StandIns;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The messages the gateway writes itself, end to end. The closed loop's last step: a chat conversation resolved by an
 * agent → the survey question reaches the chat stand-in in the customer's language, marked automatic → the
 * customer's "5分，服务很好" is stored as the answer, shown in the context and counted, and reaches no agent queue,
 * while their next real question does. And the acknowledgement of a new conversation, once, with its respond-by
 * time. Real Kafka, real PostgreSQL, the chat stand-in of testing/standin.
 */
@QuarkusTest
@TestProfile(AutomaticMessagesTest.FastDispatch.class)
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class AutomaticMessagesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class FastDispatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.outbound.dispatch-interval", "PT0.1S",
                    "switchboard.acknowledgement.enabled", "true",
                    "switchboard.acknowledgement.channels", "chat");
        }
    }

    @Inject
    Database database;

    @ConfigProperty(name = "switchboard.survey.text.zh")
    String question;

    @ConfigProperty(name = "switchboard.acknowledgement.text.zh")
    String acknowledgement;

    @Test
    void shouldAskTheSurveyOnTheChannelAndKeepTheAnswerOffTheAgentQueues() throws Exception {
        String session = "survey-" + UUID.randomUUID();
        JsonNode first = chat(session, "q-" + session, "我的订单还没到");
        String conversation = first.get("conversationId").asText();
        String customer = first.at("/customer/id").asText();
        assertThat(first.get("language").asText()).isEqualTo("zh");
        Replies.awaitReplyable(conversation, WAIT);

        agentEvent("claimed", conversation);
        agentEvent("resolved", conversation);

        String replyId = SurveySender.replyId(UUID.fromString(conversation));
        Replies.awaitStatus(replyId, "sent", WAIT);
        ChatReplyStandIn.Delivery asked = StandIns.chat().deliveries().get(replyId);
        assertThat(asked.body().get("text").asText()).isEqualTo(question);
        assertThat(asked.body().get("automatic").asBoolean()).isTrue();
        assertThat(asked.body().get("sessionId").asText()).isEqualTo(session);
        List<ConsumerRecord<String, byte[]>> askedRecords = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains("\"author\":\"" + SurveySender.AUTHOR + "\"")
                        .and(TopicReader.valueContains(conversation)), 1, WAIT);
        assertThat(askedRecords).hasSize(1);
        JsonNode askedRecord = JSON.readTree(askedRecords.get(0).value());
        assertThat(askedRecord.get("direction").asText()).isEqualTo("outbound");
        assertThat(askedRecord.get("text").asText()).isEqualTo(question);

        String answerId = "a-" + session;
        JsonNode answer = chat(session, answerId, "5分，服务很好");
        assertThat(answer.get("queue").isNull()).as("an answer reaches no agent queue").isTrue();
        assertThat(answer.get("tags").get(0).asText()).isEqualTo(SurveyAnswers.TAG);
        assertThat(answer.get("conversationId").asText()).isEqualTo(conversation);
        assertThat(surveyRow(conversation)).isEqualTo("5|服务很好");
        assertThat(conversationState(conversation)).as("the survey is no agent's reply").isEqualTo("resolved");

        String nextId = "n-" + session;
        JsonNode next = chat(session, nextId, "5 天了，退款还没到账");
        assertThat(next.get("queue").isNull()).as("a second message is no second answer").isFalse();
        List<ConsumerRecord<String, byte[]>> routed = TopicReader.read("switchboard.agent-events",
                TopicReader.valueContains("\"type\":\"routed\"").and(TopicReader.valueContains(nextId)), 1, WAIT);
        assertThat(routed).hasSize(1);
        // same conversation, same partition: the answer's routed event, had there been one, came before
        assertThat(TopicReader.read("switchboard.agent-events", TopicReader.valueContains(answerId), 1,
                Duration.ofSeconds(3))).isEmpty();
        assertThat(surveyRow(conversation)).isEqualTo("5|服务很好");

        JsonNode view = JSON.readTree(OperatorApi.as(Role.AGENT).get("/customers/" + customer + "/context")
                .then().statusCode(200).extract().asByteArray());
        JsonNode satisfaction = view.get("satisfaction").get(0);
        assertThat(satisfaction.get("score").asInt()).isEqualTo(5);
        assertThat(satisfaction.get("comment").asText()).isEqualTo("服务很好");
        assertThat(satisfaction.get("agentId").asText()).isEqualTo("agent-9");
        assertThat(satisfaction.get("conversationId").asText()).isEqualTo(conversation);

        String metrics = OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("switchboard_csat_answers_total\\{channel=\"chat\",score=\"5\"[^}]*} 1\\.0");
        assertThat(metrics).contains("switchboard_csat_score_count");

        OperatorApi.as(Role.ADMIN).delete("/customers/" + customer).then().statusCode(200);
        assertThat(surveyRow(conversation)).as("erasure deletes the survey and its comment").isNull();
        assertThat(Rows.count(database, "SELECT count(*) FROM reply WHERE conversation_id = ?::uuid", conversation))
                .as("and the question's reply").isZero();
    }

    @Test
    void shouldScoreALowRatingWithAComplaintAndStillRouteItToAnAgent() throws Exception {
        String session = "low-" + UUID.randomUUID();
        JsonNode first = chat(session, "q-" + session, "退款什么时候到？");
        String conversation = first.get("conversationId").asText();
        Replies.awaitReplyable(conversation, WAIT);
        agentEvent("claimed", conversation);
        agentEvent("resolved", conversation);
        Replies.awaitStatus(SurveySender.replyId(UUID.fromString(conversation)), "sent", WAIT);

        JsonNode answer = chat(session, "a-" + session, "1 回复太慢了");
        assertThat(surveyRow(conversation)).isEqualTo("1|回复太慢了");
        assertThat(answer.get("tags").get(0).asText()).isEqualTo(SurveyAnswers.TAG);
        assertThat(answer.get("queue").isNull()).as("someone should read a low score with a complaint").isFalse();
    }

    @Test
    void shouldAcknowledgeANewConversationOnceWithItsRespondByTime() throws Exception {
        String session = "ack-" + UUID.randomUUID();
        JsonNode first = chat(session, "first-" + session, "请问怎么修改收货地址？");
        String conversation = first.get("conversationId").asText();
        String replyId = Acknowledgements.replyId(UUID.fromString(conversation));

        JsonNode status = Replies.awaitStatus(replyId, "sent", WAIT);
        assertThat(status.get("channel").asText()).isEqualTo("chat");
        ChatReplyStandIn.Delivery acknowledged = StandIns.chat().deliveries().get(replyId);
        String respondBy = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(Instant.parse(first.at("/sla/respondBy").asText()).atZone(ZoneId.of("Asia/Shanghai")));
        assertThat(acknowledged.body().get("text").asText()).isEqualTo(acknowledgement.replace("{respondBy}", respondBy));
        assertThat(acknowledged.body().get("automatic").asBoolean()).isTrue();

        chat(session, "second-" + session, "地址是北京市海淀区");
        Thread.sleep(1_000); // a second acknowledgement would be sent within a few dispatch intervals
        assertThat(StandIns.chat().requests().stream()
                .filter(r -> r.header("Idempotency-Key") != null && r.header("Idempotency-Key").startsWith("ack-")
                        && r.json().get("sessionId").asText().equals(session))
                .map(r -> r.header("Idempotency-Key")).distinct()).containsExactly(replyId);
        assertThat(Rows.count(database, "SELECT count(*) FROM conversation WHERE id = ?::uuid AND state = 'open'",
                conversation)).as("an acknowledgement is no agent's reply").isEqualTo(1);
    }

    @Test
    void shouldRouteAScoreFromACustomerWhoWasNotAsked() throws Exception {
        String session = "unasked-" + UUID.randomUUID();
        JsonNode five = chat(session, "five-" + session, "5");
        assertThat(five.get("queue").isNull()).isFalse();
        assertThat(five.get("tags").toString()).doesNotContain(SurveyAnswers.TAG);
    }

    private static JsonNode chat(String session, String messageId, String text) throws Exception {
        ChatRequests.post("""
                {"messageId":"%s","sessionId":"%s","visitor":{"id":"visitor-%s"},\
                "text":"%s","sentAt":"%s","locale":"zh-CN","widget":"site-main"}"""
                .formatted(messageId, session, session, text, Instant.now())).then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(messageId), 1, WAIT);
        assertThat(contacts).hasSize(1);
        return JSON.readTree(contacts.get(0).value());
    }

    private static void agentEvent(String type, String conversation) throws Exception {
        RawRecords.send("switchboard.agent-events", conversation, Map.of(), JSON.createObjectNode().put("type", type)
                .put("conversationId", conversation).put("agentId", "agent-9").put("at", Instant.now().toString())
                .toString().getBytes(StandardCharsets.UTF_8));
    }

    private String surveyRow(String conversation) throws Exception {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT score || '|' || comment FROM survey WHERE conversation_id = ?::uuid")) {
            s.setString(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String conversationState(String conversation) throws Exception {
        return Rows.count(database, "SELECT count(*) FROM conversation WHERE id = ?::uuid AND state = 'resolved'",
                conversation) == 1 ? "resolved" : "not resolved";
    }
}
