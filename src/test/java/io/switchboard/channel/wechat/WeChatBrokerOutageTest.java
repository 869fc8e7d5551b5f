package io.switchboard.channel.wechat;

import static io.restassured.RestAssured.given;
import static io.switchboard.testing.WeChatTestAccounts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.WeChatRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Without Kafka there is no {@code success}: WeChat must keep retrying until the push is durable, and its
 * retry (the same timestamp, nonce and signature) is then stored like a first delivery, not taken for a replay.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class WeChatBrokerOutageTest {

    @Test
    void shouldAnswer503WhileKafkaIsDownAndStoreWeChatsRetriesAfterwards() {
        long msgId = ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE);
        String xml = "<xml><ToUserName><![CDATA[gh_switchboard]]></ToUserName><FromUserName><![CDATA[o_outage]]>"
                + "</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[sent while the broker is down]]></Content><MsgId>" + msgId + "</MsgId></xml>";
        WeChatCipher cipher = new WeChatCipher(OA_KEY, OA_APP_ID);
        Map<String, String> firstDelivery = WeChatRequests.plainQuery(OA_TOKEN, Instant.now().getEpochSecond());

        GatewayInfrastructure.stopBroker();
        try {
            for (Response r : new Response[] {WeChatRequests.post(OA, firstDelivery, xml),
                    WeChatRequests.postSafe(OA, OA_TOKEN, cipher, xml)}) {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isNotBlank();
                assertThat(r.asString()).doesNotContain("success");
            }
        } finally {
            GatewayInfrastructure.restartBroker();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> "success".equals(WeChatRequests.post(OA, firstDelivery, xml).asString()));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> "success".equals(WeChatRequests.postSafe(OA, OA_TOKEN, cipher, xml).asString()));
        String id = RawMessage.recordIdFor(Channel.WECHAT, OA + ":" + msgId);
        assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains(id), 1, Duration.ofSeconds(60)))
                .hasSize(1);
        // the retry of the refused delivery was stored, not answered from the replay cache
        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_wechat_received_total{account=\"oa\",msgType=\"text\"}"))
                .body(not(containsString("switchboard_wechat_repeats_total{account=\"oa\"}")));
    }
}
