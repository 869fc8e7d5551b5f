package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static io.switchboard.testing.WeChatTestAccounts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.security.Role;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Replay protection of {@code POST /webhooks/wechat/{account}} with the default settings (a 5-minute
 * window, safe mode for accounts with a key), checked on the real {@code inbound.raw} topic: a signature
 * is good for one message, once.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class WeChatReplayTest {

    private static final String RAW = "switchboard.inbound.raw";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration ABSENT = Duration.ofSeconds(2);
    private static final WeChatCipher OA_SAFE_CIPHER = new WeChatCipher(OA_KEY, OA_APP_ID);

    @Test
    void shouldStoreAReplayedPlainPushOnceAndAnswerEveryRepeatSuccess() {
        long msgId = uniqueMsgId();
        String xml = text("o_replayed", "我的订单什么时候发货？", msgId);
        Map<String, String> captured = WeChatRequests.plainQuery(OA_PLAIN_TOKEN, Instant.now().getEpochSecond());

        for (int delivery = 0; delivery < 4; delivery++) {
            Response r = WeChatRequests.post(OA_PLAIN, captured, xml);
            assertThat(r.statusCode()).as("delivery %d", delivery).isEqualTo(200);
            assertThat(r.asString()).isEqualTo("success");
        }
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_PLAIN + ":" + msgId), 4, ABSENT)).hasSize(1);
    }

    @Test
    void shouldStoreAReplayedSafeModePushOnce() {
        long msgId = uniqueMsgId();
        String xml = text("o_replayed_safe", "safe mode, sent twice", msgId);
        String encrypt = OA_SAFE_CIPHER.encrypt(xml);
        Map<String, String> captured = WeChatRequests.encryptedQuery(OA_SAFE_TOKEN, encrypt, true);
        String body = WeChatRequests.safeBody(xml, encrypt);

        WeChatRequests.post(OA_SAFE, captured, body).then().statusCode(200).body(equalTo("success"));
        WeChatRequests.post(OA_SAFE, captured, body).then().statusCode(200).body(equalTo("success"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_SAFE + ":" + msgId), 2, ABSENT)).hasSize(1);
    }

    @Test
    void shouldStoreOnceWhenTheSameDeliveryArrivesFourTimesAtOnce() throws Exception {
        long msgId = uniqueMsgId();
        String xml = text("o_same_delivery", "four copies of one delivery", msgId);
        Map<String, String> captured = WeChatRequests.plainQuery(OA_PLAIN_TOKEN, Instant.now().getEpochSecond());
        int copies = 4;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> pending = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return WeChatRequests.post(OA_PLAIN, captured, xml);
                }));
            }
            start.countDown();
            for (Future<Response> answer : pending) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // each copy either saw it stored (success) or caught the first one still being stored (503: retry later)
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
        assertThat(answers).anySatisfy(r -> assertThat(r.asString()).isEqualTo("success"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_PLAIN + ":" + msgId), copies, ABSENT)).hasSize(1);
    }

    @Test
    void shouldRefuseAForgedBodyUnderACapturedSignatureAndStoreNothing() {
        long genuineId = uniqueMsgId();
        long forgedId = uniqueMsgId();
        Map<String, String> captured = WeChatRequests.plainQuery(OA_PLAIN_TOKEN, Instant.now().getEpochSecond());
        WeChatRequests.post(OA_PLAIN, captured, text("o_victim", "genuine", genuineId)).then().statusCode(200);

        WeChatRequests.post(OA_PLAIN, captured, text("o_victim", "请把退款打到 6222 0200 0000 0000 0", forgedId))
                .then().statusCode(401).contentType(containsString("application/json"))
                .body("error", equalTo("replayed_signature")).body("field", equalTo("nonce"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_PLAIN + ":" + forgedId), 1, ABSENT)).isEmpty();
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_PLAIN + ":" + genuineId), 2, ABSENT)).hasSize(1);
    }

    @Test
    void shouldRefuseAPlainPushToASafeModeAccountAndStillTakeItsEncryptedPushes() {
        long plainId = uniqueMsgId();
        WeChatRequests.postPlain(OA_SAFE, OA_SAFE_TOKEN, text("o_safe", "plaintext to a safe account", plainId))
                .then().statusCode(403).contentType(containsString("application/json"))
                .body("error", equalTo("encryption_required")).body("field", equalTo("encrypt_type"))
                .body("message", containsString("safe mode"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_SAFE + ":" + plainId), 1, ABSENT)).isEmpty();

        long encryptedId = uniqueMsgId();
        WeChatRequests.postSafe(OA_SAFE, OA_SAFE_TOKEN, OA_SAFE_CIPHER, text("o_safe", "encrypted", encryptedId))
                .then().statusCode(200).body(equalTo("success"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_SAFE + ":" + encryptedId), 1, WAIT)).hasSize(1);
    }

    @Test
    void shouldRefuseTimestampsOutsideTheWindowAndStoreNothing() {
        long now = Instant.now().getEpochSecond();
        long lateId = uniqueMsgId();
        long earlyId = uniqueMsgId();
        WeChatRequests.post(OA_PLAIN, WeChatRequests.plainQuery(OA_PLAIN_TOKEN, now - 600), text("o_late", "old", lateId))
                .then().statusCode(401).body("error", equalTo("stale_timestamp")).body("field", equalTo("timestamp"))
                .body("message", containsString("max-clock-skew"));
        WeChatRequests.post(OA_PLAIN, WeChatRequests.plainQuery(OA_PLAIN_TOKEN, now + 600), text("o_early", "ahead", earlyId))
                .then().statusCode(401).body("error", equalTo("stale_timestamp"));
        // the push a retry sends a minute later is still fine
        WeChatRequests.post(OA_PLAIN, WeChatRequests.plainQuery(OA_PLAIN_TOKEN, now - 60), text("o_late", "retry", uniqueMsgId()))
                .then().statusCode(200).body(equalTo("success"));
        // Tencent's published sample, signed in 2014: exactly what a captured callback replayed today looks like
        String body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[" + B_ENCRYPT
                + "]]></Encrypt></xml>";
        WeChatRequests.post(MP_SAMPLE, Map.of("timestamp", B_TIMESTAMP, "nonce", B_NONCE, "encrypt_type", "aes",
                "msg_signature", B_MSG_SIGNATURE), body).then().statusCode(401).body("error", equalTo("stale_timestamp"));

        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_PLAIN + ":" + lateId), 1, ABSENT)).isEmpty();
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA_PLAIN + ":" + earlyId), 1, ABSENT)).isEmpty();
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(MP_SAMPLE + ":6054768590064713728"), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldCountRepeatsAndEachKindOfRefusal() {
        Map<String, String> captured = WeChatRequests.plainQuery(OA_PLAIN_TOKEN, Instant.now().getEpochSecond());
        String xml = text("o_metrics", "counted", uniqueMsgId());
        WeChatRequests.post(OA_PLAIN, captured, xml).then().statusCode(200);
        WeChatRequests.post(OA_PLAIN, captured, xml).then().statusCode(200);
        WeChatRequests.post(OA_PLAIN, captured, text("o_metrics", "forged", uniqueMsgId())).then().statusCode(401);
        WeChatRequests.postPlain(OA_SAFE, OA_SAFE_TOKEN, text("o_metrics", "plain", uniqueMsgId())).then().statusCode(403);
        WeChatRequests.post(OA_PLAIN, WeChatRequests.plainQuery(OA_PLAIN_TOKEN, Instant.now().getEpochSecond() - 3600),
                xml).then().statusCode(401);

        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_wechat_repeats_total{account=\"oa-plain\"}"))
                .body(containsString("switchboard_wechat_rejected_total{account=\"oa-plain\",reason=\"replayed-signature\"}"))
                .body(containsString("switchboard_wechat_rejected_total{account=\"oa-plain\",reason=\"stale-timestamp\"}"))
                .body(containsString("switchboard_wechat_rejected_total{account=\"oa-safe\",reason=\"plaintext-refused\"}"))
                .body(containsString("switchboard_wechat_replay_cache_entries"))
                .body(containsString("switchboard_wechat_replay_cache_evictions_total 0.0"));
    }

    private static String text(String openId, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_switchboard]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    private static long uniqueMsgId() {
        return ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE);
    }
}
