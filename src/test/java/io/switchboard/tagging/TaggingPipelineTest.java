package io.switchboard.tagging;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Signed chat webhook → raw topic → pipeline (tagger, prioritizer) → agent queue lane, on real Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class TaggingPipelineTest {

    private static final String HIGH = "switchboard.queue.general.high";
    private static final String LOW = "switchboard.queue.general.low";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldSendAnAngryChineseComplaintToTheHighLaneWithTagsSentimentReasonsAndEntities() throws Exception {
        String messageId = "angry-" + UUID.randomUUID();
        String text = "你们太过分了！！！新买的手机电池才用一个月就鼓包了，这是第三次联系客服还是没人处理。"
                + "订单号 SO-20261120-0088，花了￥3999，再不退款我就打12315投诉，还要找媒体曝光！";
        String id = ChatRequests.post(ChatRequests.message(messageId, text)).then().statusCode(202)
                .extract().path("id");

        List<ConsumerRecord<String, byte[]>> queued = TopicReader.read(HIGH, TopicReader.valueContains(id), 1, WAIT);
        assertThat(queued).hasSize(1);
        JsonNode record = JSON.readTree(queued.get(0).value());
        assertThat(record.get("priority").asText()).isEqualTo("high");
        assertThat(texts(record.get("tags"))).contains("product.fault.battery", "process.refund",
                "service.complaint.major");
        assertThat(record.at("/sentiment/label").asText()).isEqualTo("angry");
        assertThat(record.at("/sentiment/score").asDouble()).isLessThan(-0.5);
        List<String> reasons = texts(record.get("priorityReasons"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("tagged by rules: "));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("sentiment angry").contains("12315"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("rule major-complaint-or-outage → high"));
        assertThat(reasons).contains("sla high: respond within PT1H, resolve within PT24H");
        assertThat(texts(record.at("/entities/orderNumbers"))).containsExactly("SO-20261120-0088");
        assertThat(texts(record.at("/entities/amounts"))).containsExactly("3999.00 CNY");
        Instant receivedAt = Instant.parse(record.get("receivedAt").asText());
        assertThat(Instant.parse(record.at("/sla/respondBy").asText())).isEqualTo(receivedAt.plus(Duration.ofHours(1)));
        assertThat(Instant.parse(record.at("/sla/resolveBy").asText())).isEqualTo(receivedAt.plus(Duration.ofHours(24)));
    }

    @Test
    void shouldSendAPoliteQuestionToTheLowLane() throws Exception {
        String messageId = "question-" + UUID.randomUUID();
        String id = ChatRequests.post(ChatRequests.message(messageId, "How do I set up the timer function? Thanks"))
                .then().statusCode(202).extract().path("id");
        List<ConsumerRecord<String, byte[]>> queued = TopicReader.read(LOW, TopicReader.valueContains(id), 1, WAIT);
        assertThat(queued).hasSize(1);
        JsonNode record = JSON.readTree(queued.get(0).value());
        assertThat(texts(record.get("tags"))).containsExactly("product.function.how-to");
        assertThat(record.at("/sentiment/label").asText()).isIn("neutral", "positive");
    }

    @Test
    void shouldShowTheConfigFilesOnHealthAndMetrics() {
        ChatRequests.post(ChatRequests.message("metrics-" + UUID.randomUUID(), "我要退款")).then().statusCode(202);
        PipelineProgress.awaitDrained("switchboard.inbound.raw", WAIT);
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("config-files")).body(containsString("ok, loaded at"));
        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_config_file_valid{file=\"taxonomy\"} 1.0"))
                .body(containsString("switchboard_tagging_decided_total{by=\"rules\"}"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
