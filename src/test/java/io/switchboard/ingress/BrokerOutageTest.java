package io.switchboard.ingress;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class BrokerOutageTest {

    @Test
    void shouldAnswer503WithRetryAfterWhileTheBrokerIsDownAndRecoverAfterwards() {
        String before = "before-outage-" + UUID.randomUUID();
        // a cold producer on a loaded machine may honestly answer 503 at first: start from an accepting gateway
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> ChatRequests.post(ChatRequests.message(before, "accepted before the outage")).statusCode() == 202);

        GatewayInfrastructure.stopBroker();
        try {
            String during = "during-outage-" + UUID.randomUUID();
            long started = System.nanoTime();
            Response response = ChatRequests.post(ChatRequests.message(during, "sent while the broker is down"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isNotBlank();
            assertThat(response.jsonPath().getString("error")).isEqualTo("unavailable");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
        } finally {
            GatewayInfrastructure.restartBroker();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        String after = "after-outage-" + UUID.randomUUID();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> ChatRequests.post(ChatRequests.message(after, "after the outage")).statusCode() == 202);
        for (String messageId : new String[] {before, after}) {
            String id = RawMessage.recordIdFor(Channel.CHAT, messageId);
            assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains(id), 1, Duration.ofSeconds(60)))
                    .as("record of %s", messageId).hasSize(1);
        }
    }
}
