package io.switchboard.channel.wechat;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static io.switchboard.channel.wechat.WeChatVectors.*;
import static io.switchboard.testing.WeChatTestAccounts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.PublishedWeChatVectors;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatRequests;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code /webhooks/wechat/{account}} end to end: the published vectors of docs/protocols.md §1.7 and §2 over
 * HTTP (hence their wide timestamp window; {@link WeChatReplayTest} runs with the default), WeChat's retry
 * storm, and hostile input, checked on the real Kafka topics.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@TestProfile(PublishedWeChatVectors.class)
class WeChatWebhookTest {

    private static final String RAW = "switchboard.inbound.raw";
    private static final String CONTACTS = "switchboard.contacts";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration ABSENT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WeChatCipher OA_CIPHER = new WeChatCipher(OA_KEY, OA_APP_ID);

    // ---- URL verification (GET)

    @Test
    void shouldEchoEchostrForTheOfficialAccountSignatureVector() {
        Response r = WeChatRequests.get(OA_PLAIN, Map.of("signature", SIG_EXPECTED, "timestamp", SIG_TIMESTAMP,
                "nonce", SIG_NONCE, "echostr", "6012346928364052342"));
        r.then().statusCode(200).contentType(containsString("text/plain"));
        assertThat(r.asString()).isEqualTo("6012346928364052342");
    }

    @Test
    void shouldAnswer401AndNeverTheEchoForAWrongSignature() {
        Response r = WeChatRequests.get(OA_PLAIN, Map.of("signature", "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe",
                "timestamp", SIG_TIMESTAMP, "nonce", SIG_NONCE, "echostr", "echo-secret-4711"));
        r.then().statusCode(401).body("error", equalTo("unauthorized"));
        assertThat(r.asString()).doesNotContain("echo-secret-4711");
    }

    @Test
    void shouldAnswerWeComSampleVerificationWithTheDecryptedEchostr() {
        Response r = WeChatRequests.get(WECOM_SAMPLE, Map.of("msg_signature", E_GET_SIGNATURE, "timestamp",
                E_GET_TIMESTAMP, "nonce", E_GET_NONCE, "echostr", E_GET_ECHOSTR));
        r.then().statusCode(200);
        assertThat(r.asString()).isEqualTo(E_GET_PLAINTEXT);
    }

    @Test
    void shouldAnswerWechatpyEnterpriseVerificationWithTheDecryptedEchostr() {
        Response r = WeChatRequests.get(WECHATPY_WORK, Map.of("msg_signature", D_GET_SIGNATURE, "timestamp",
                D_GET_TIMESTAMP, "nonce", D_GET_NONCE, "echostr", D_GET_ECHOSTR));
        r.then().statusCode(200);
        assertThat(r.asString()).isEqualTo(D_GET_PLAINTEXT);
    }

    @Test
    void shouldRefuseWeComVerificationWithAForgedMsgSignature() {
        WeChatRequests.get(WECOM_SAMPLE, Map.of("msg_signature", E_POST_SIGNATURE, "timestamp", E_GET_TIMESTAMP,
                        "nonce", E_GET_NONCE, "echostr", E_GET_ECHOSTR))
                .then().statusCode(401).body(not(containsString(E_GET_PLAINTEXT)));
    }

    @Test
    void shouldAnswer404ForAnUnknownAccount() {
        WeChatRequests.get("nobody", Map.of("signature", SIG_EXPECTED, "timestamp", SIG_TIMESTAMP, "nonce", SIG_NONCE,
                "echostr", "x")).then().statusCode(404).contentType(containsString("application/json"))
                .body("error", equalTo("unknown_account")).body("message", containsString("nobody"));
        WeChatRequests.postPlain("nobody", OA_PLAIN_TOKEN, text("o_404", "hi", 1))
                .then().statusCode(404).body("error", equalTo("unknown_account"));
    }

    // ---- Published vectors through POST

    @Test
    void shouldStoreTencentMpSampleFromSafeModeAsVerifiedPlaintext() throws Exception {
        String body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[" + B_ENCRYPT
                + "]]></Encrypt></xml>";
        Response r = WeChatRequests.post(MP_SAMPLE, Map.of("timestamp", B_TIMESTAMP, "nonce", B_NONCE,
                "encrypt_type", "aes", "msg_signature", B_MSG_SIGNATURE), body);
        r.then().statusCode(200).contentType(containsString("text/plain"));
        assertThat(r.asString()).isEqualTo("success");

        String key = MP_SAMPLE + ":6054768590064713728";
        ConsumerRecord<String, byte[]> raw = TopicReader.read(RAW, TopicReader.keyIs(key), 1, WAIT).get(0);
        assertThat(new String(raw.value(), StandardCharsets.UTF_8)).isEqualTo(B_PLAINTEXT);
        assertThat(header(raw, "sb-attr-wechat-account")).isEqualTo(MP_SAMPLE);
        assertThat(header(raw, "sb-attr-wechat-encrypted")).isEqualTo("true");
        assertThat(header(raw, "sb-attr-wechat-mode")).isEqualTo("safe");

        JsonNode record = contact(key);
        assertThat(record.get("channel").asText()).isEqualTo("wechat");
        assertThat(record.get("channelMessageId").asText()).isEqualTo(key);
        assertThat(record.at("/from/type").asText()).isEqualTo("wechat-openid");
        assertThat(record.at("/from/value").asText()).isEqualTo(MP_SAMPLE + ":oyORnuP8q7ou2gfYjqLzSIWZf0rs");
        assertThat(record.at("/to/value").asText()).isEqualTo(MP_SAMPLE);
        assertThat(record.get("text").asText()).isEqualTo("abcdteT");
        assertThat(record.at("/raw/topic").asText()).isEqualTo(RAW);
    }

    @Test
    void shouldStoreWeComSamplePostWithPadValueThirty() throws Exception {
        String body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA["
                + E_POST_ENCRYPT + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
        WeChatRequests.post(WECOM_SAMPLE, Map.of("msg_signature", E_POST_SIGNATURE, "timestamp", E_POST_TIMESTAMP,
                "nonce", E_POST_NONCE), body).then().statusCode(200).body(equalTo("success"));

        String key = WECOM_SAMPLE + ":4561255354251345929";
        ConsumerRecord<String, byte[]> raw = TopicReader.read(RAW, TopicReader.keyIs(key), 1, WAIT).get(0);
        assertThat(new String(raw.value(), StandardCharsets.UTF_8)).isEqualTo(E_POST_PLAINTEXT);
        JsonNode record = contact(key);
        assertThat(record.at("/from/type").asText()).isEqualTo("wecom-userid");
        assertThat(record.at("/from/value").asText()).isEqualTo(WECOM_SAMPLE + ":mycreate");
        assertThat(record.get("text").asText()).isEqualTo("hello");
    }

    @Test
    void shouldStoreWechatpyEnterpriseEncryptAndDecryptVectors() throws Exception {
        // Encrypt + sign case: the envelope wechatpy asserts, posted as WeCom would (MsgSignature et al. in the body are ignored).
        WeChatRequests.post(WECHATPY_WORK, Map.of("msg_signature", D_MSG_SIGNATURE, "timestamp", D_TIMESTAMP,
                        "nonce", D_NONCE), readFixture("official-account/crypto__encrypt_message_2.xml"))
                .then().statusCode(200).body(equalTo("success"));
        JsonNode encrypted = contact(WECHATPY_WORK + ":wx49f0ab532d5d035a#1411525903");
        assertThat(encrypted.get("text").asText()).isEqualTo("test");
        assertThat(new String(TopicReader.read(RAW, TopicReader.keyIs(WECHATPY_WORK + ":wx49f0ab532d5d035a#1411525903"),
                1, WAIT).get(0).value(), StandardCharsets.UTF_8)).isEqualTo(D_PLAINTEXT);

        // Decrypt case (pad value 1): signed with the same timestamp and nonce as the first, so for that account
        // it is a used signature on another message; the same app under a second name takes it.
        Map<String, String> sameStamp = Map.of("msg_signature", D_DECRYPT_SIGNATURE, "timestamp", D_TIMESTAMP,
                "nonce", D_NONCE);
        String decryptEnvelope = readFixture("official-account/crypto__decrypt_message.xml");
        WeChatRequests.post(WECHATPY_WORK, sameStamp, decryptEnvelope)
                .then().statusCode(401).body("error", equalTo("replayed_signature"));
        WeChatRequests.post(WECHATPY_WORK_TWIN, sameStamp, decryptEnvelope)
                .then().statusCode(200).body(equalTo("success"));
        JsonNode decrypted = contact(WECHATPY_WORK_TWIN + ":4363689963896700987");
        assertThat(decrypted.get("text").asText()).isEqualTo("test");
        assertThat(decrypted.at("/from/value").asText()).isEqualTo(WECHATPY_WORK_TWIN + ":messense");
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(WECHATPY_WORK + ":4363689963896700987"), 1, ABSENT)).isEmpty();
    }

    // ---- Retries

    @Test
    void shouldProduceOneRecordWhenWeChatSendsTheSameMessageFourTimesConcurrently() throws Exception {
        long msgId = ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE);
        String xml = text("o_retry_storm", "第四次重试了，我的快递在哪里？", msgId);
        int deliveries = 4;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return WeChatRequests.postPlain(OA, OA_TOKEN, xml);
                }));
            }
            start.countDown();
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.asString()).isEqualTo("success");
            }
        } finally {
            pool.shutdownNow();
        }
        String key = OA + ":" + msgId;
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(key), deliveries, WAIT)).hasSize(deliveries);
        PipelineProgress.awaitDrained(RAW, WAIT);
        String id = RawMessage.recordIdFor(Channel.WECHAT, key);
        assertThat(TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, ABSENT)).hasSize(1);
    }

    @Test
    void shouldKeepTwoEventsOfOneUserInTheSameSecondApart() throws Exception {
        String user = "o_two_events_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String location = event(user, 1700000000, "LOCATION", "<Latitude>23.1</Latitude><Longitude>113.3</Longitude>"
                + "<Precision>65.0</Precision>");
        String click = event(user, 1700000000, "CLICK", "<EventKey><![CDATA[CONTACT_AGENT]]></EventKey>");
        WeChatRequests.postPlain(OA, OA_TOKEN, location).then().statusCode(200);
        WeChatRequests.postPlain(OA, OA_TOKEN, click).then().statusCode(200);
        assertThat(contact(OA + ":" + user + "#1700000000#LOCATION").get("tags").toString())
                .contains("wechat.event.location");
        assertThat(contact(OA + ":" + user + "#1700000000#CLICK").get("text").asText())
                .isEqualTo("[event CLICK] CONTACT_AGENT");
    }

    // ---- Hostile and broken input: the right 4xx, nothing stored

    @Test
    void shouldRefuseForgedSignaturesAndStoreNothing() {
        long msgId = uniqueMsgId();
        String xml = text("o_forger", "forged", msgId);
        Map<String, String> q = WeChatRequests.stamp();
        q.put("signature", WeChatSignatures.signature("not-the-token", q.get("timestamp"), q.get("nonce")));
        WeChatRequests.post(OA, q, xml).then().statusCode(401).body("error", equalTo("unauthorized"))
                .body("message", containsString("does not match"));
        WeChatRequests.post(OA, WeChatRequests.stamp(), xml).then().statusCode(401)
                .body("message", containsString("signature is missing"));

        String encrypt = OA_CIPHER.encrypt(xml);
        WeChatRequests.postEncrypted(OA, "not-the-token", encrypt, "<xml><Encrypt><![CDATA[" + encrypt
                + "]]></Encrypt></xml>", false).then().statusCode(401).body("message", containsString("msg_signature"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA + ":" + msgId), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldAnswer400ForAWrongAppIdTailAndStoreNothing() {
        long msgId = uniqueMsgId();
        WeChatCipher stranger = new WeChatCipher(OA_KEY, "wx00000000000000ff");
        WeChatRequests.postSafe(OA, OA_TOKEN, stranger, text("o_tail", "wrong tail", msgId))
                .then().statusCode(400).body("error", equalTo("undecryptable"))
                .body("message", containsString("APPID_MISMATCH"))
                .body("message", containsString("wx00000000000000ff"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA + ":" + msgId), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldAnswer400ForTruncatedCiphertextAndStoreNothing() {
        long msgId = uniqueMsgId();
        byte[] full = Base64.getDecoder().decode(OA_CIPHER.encrypt(text("o_cut", "truncated", msgId)));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length - 5));
        WeChatRequests.postEncrypted(OA, OA_TOKEN, truncated, envelope(truncated), true)
                .then().statusCode(400).body("message", containsString("TRUNCATED"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA + ":" + msgId), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldAnswer400ForBadPaddingAndStoreNothing() throws Exception {
        long msgId = uniqueMsgId();
        byte[] msg = text("o_pad", "bad padding", msgId).getBytes(StandardCharsets.UTF_8);
        byte[] appId = OA_APP_ID.getBytes(StandardCharsets.UTF_8);
        int unpadded = 20 + msg.length + appId.length;
        int pad = 32 - unpadded % 32;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad).put(new byte[16]).putInt(msg.length).put(msg).put(appId);
        while (plain.hasRemaining()) {
            plain.put((byte) 33); // no PKCS#7 pad value over a 32-byte block is above 32
        }
        byte[] key = Base64.getDecoder().decode(OA_KEY + "=");
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        String encrypt = Base64.getEncoder().encodeToString(aes.doFinal(plain.array()));
        WeChatRequests.postEncrypted(OA, OA_TOKEN, encrypt, envelope(encrypt), true)
                .then().statusCode(400).body("message", containsString("BAD_PADDING"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA + ":" + msgId), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldRefuseXxeWithoutTouchingNetworkOrFileSystem() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer bait = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bait.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        bait.start();
        try {
            String url = "http://127.0.0.1:" + bait.getAddress().getPort() + "/xxe.dtd";
            String marker = "xxe-" + uniqueMsgId();
            String network = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;"
                    + "<!ENTITY x SYSTEM \"" + url + "\">]><xml><ToUserName>gh_1</ToUserName><FromUserName>" + marker
                    + "</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&x;</Content></xml>";
            String file = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY f SYSTEM \"file:///etc/passwd\">]><xml>"
                    + "<FromUserName>" + marker + "</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>"
                    + "<Content>&f;</Content></xml>";
            for (String xml : List.of(network, file)) {
                Response r = WeChatRequests.postPlain(OA, OA_TOKEN, xml);
                r.then().statusCode(400).body("error", equalTo("invalid_xml")).body("message", containsString("DOCTYPE"));
                assertThat(r.asString()).doesNotContain("root:");
            }
            // Inside a verified encrypted envelope the same parser applies.
            WeChatRequests.postSafe(OA, OA_TOKEN, OA_CIPHER, network).then().statusCode(400)
                    .body("message", containsString("DOCTYPE"));
            assertThat(fetched).hasValue(0);
            assertThat(TopicReader.read(RAW, TopicReader.valueContains(marker), 1, ABSENT)).isEmpty();
        } finally {
            bait.stop(0);
        }
    }

    @Test
    void shouldRefuseBillionLaughsQuickly() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String marker = "laughs-" + uniqueMsgId();
        String xml = dtd + "]><xml><FromUserName>" + marker + "</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>text</MsgType><Content>&l9;</Content></xml>";
        WeChatRequests.postPlain(OA, OA_TOKEN, xml).then().statusCode(400).body("error", equalTo("invalid_xml"));
        assertThat(TopicReader.read(RAW, TopicReader.valueContains(marker), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldAnswer413ForAnOversizedBodyAndStoreNothing() {
        long msgId = uniqueMsgId();
        String xml = text("o_big", "x".repeat(200 * 1024), msgId);
        WeChatRequests.postPlain(OA, OA_TOKEN, xml).then().statusCode(413).body("error", equalTo("payload_too_large"))
                .body("message", containsString("131072"));
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(OA + ":" + msgId), 1, ABSENT)).isEmpty();
    }

    @Test
    void shouldAnswer400WithAClearReasonForMalformedXml() {
        WeChatRequests.postPlain(OA, OA_TOKEN, "<xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</xml>")
                .then().statusCode(400).contentType(containsString("application/json"))
                .body("error", equalTo("invalid_xml")).body("message", containsString("not well-formed"));
        WeChatRequests.postPlain(OA, OA_TOKEN, "").then().statusCode(400).body("message", containsString("empty"));
        WeChatRequests.postPlain(OA, OA_TOKEN, "<html><body>hi</body></html>").then().statusCode(400)
                .body("message", containsString("root element must be <xml>"));
    }

    @Test
    void shouldRefusePlaintextToWeComAndEncryptedPushToAKeylessAccount() {
        WeChatRequests.postEncrypted(WECOM_SAMPLE, WECOM_SAMPLE_TOKEN, "x", text("o_1", "plain to wecom", 1), false)
                .then().statusCode(400).body("field", equalTo("Encrypt"))
                .body("message", containsString("always encrypted"));
        String encrypt = OA_CIPHER.encrypt(text("o_1", "hi", uniqueMsgId()));
        WeChatRequests.postEncrypted(OA_PLAIN, OA_PLAIN_TOKEN, encrypt, envelope(encrypt), true)
                .then().statusCode(500).body("error", equalTo("misconfigured"));
    }

    @Test
    void shouldCountPerAccountAndMessageType() {
        WeChatRequests.postPlain(OA, OA_TOKEN, text("o_metrics", "count me", uniqueMsgId())).then().statusCode(200);
        WeChatRequests.postPlain(OA, "wrong", text("o_metrics", "refuse me", uniqueMsgId())).then().statusCode(401);
        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_wechat_received_total{account=\"oa\",msgType=\"text\"}"))
                .body(containsString("switchboard_wechat_rejected_total{account=\"oa\",reason=\"signature\"}"))
                .body(containsString("switchboard_ingress_accepted_total{channel=\"wechat\"}"));
    }

    // ---- helpers

    private static String text(String openId, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_switchboard]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    private static String event(String openId, long createTime, String event, String extra) {
        return "<xml><ToUserName><![CDATA[gh_switchboard]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[" + event + "]]></Event>" + extra + "</xml>";
    }

    private static String envelope(String encrypt) {
        return "<xml><ToUserName><![CDATA[gh_switchboard]]></ToUserName><Encrypt><![CDATA[" + encrypt
                + "]]></Encrypt></xml>";
    }

    private static long uniqueMsgId() {
        return ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE);
    }

    private static JsonNode contact(String channelMessageId) throws Exception {
        String id = RawMessage.recordIdFor(Channel.WECHAT, channelMessageId);
        List<ConsumerRecord<String, byte[]>> found = TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT);
        assertThat(found).as("record for %s", channelMessageId).hasSize(1);
        return JSON.readTree(found.get(0).value());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
