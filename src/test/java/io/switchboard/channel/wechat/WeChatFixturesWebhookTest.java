package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static io.switchboard.testing.WeChatTestAccounts.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PublishedWeChatVectors;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every XML payload in shared/data/wechat goes through {@code POST /webhooks/wechat/{account}} with a valid
 * signature and comes out as a ContactRecord on {@code switchboard.contacts}: Official Account payloads in
 * plain mode, the message and parser samples again in safe and compatible mode (encrypted with the
 * account's key), WeCom payloads encrypted as WeCom sends them, and wechatpy's two encrypted envelopes
 * with their published signatures.
 *
 * <p>The fixtures are Tencent's documentation examples and reuse placeholder ids ({@code MsgId
 * 1234567890123456}, the same FromUserName and CreateTime), which real traffic never does. Each posted
 * copy therefore gets its own MsgId and CreateTime digits; every other byte is posted as extracted.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@TestProfile(PublishedWeChatVectors.class)
class WeChatFixturesWebhookTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MSG_ID = Pattern.compile("<MsgId>\\s*\\d+\\s*</MsgId>");
    private static final Pattern CREATE_TIME = Pattern.compile("<CreateTime>\\s*\\d+\\s*</CreateTime>");
    private static final WeChatXmlParser PARSER = new WeChatXmlParser();
    private static final WeChatContentMapper MAPPER = new WeChatContentMapper();
    private static final WeChatCipher OA_CIPHER = new WeChatCipher(OA_KEY, OA_APP_ID);
    private static final WeChatCipher WECOM_CIPHER = new WeChatCipher(WECOM_SAMPLE_KEY, WECOM_SAMPLE_CORP_ID);

    /** What one post must produce. */
    private record Expected(String fixture, String account, String mode, String plaintext) {
        WeChatMessage message() {
            return PARSER.parse(plaintext);
        }

        String channelMessageId() {
            return account + ":" + message().dedupeKey();
        }

        String recordId() {
            return RawMessage.recordIdFor(Channel.WECHAT, channelMessageId());
        }
    }

    private final long msgIdBase = ThreadLocalRandom.current().nextLong(1L << 60, 1L << 61);
    private final long createTimeBase = 1_600_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
    private int copies;

    @Test
    void shouldTurnEveryFixtureIntoAContactRecordInEveryMode() throws Exception {
        List<Expected> expected = new ArrayList<>();
        for (Path relative : fixtures()) {
            String name = relative.getFileName().toString();
            String xml = readFixture(relative.toString());
            if (name.equals("crypto__decrypt_message.xml")) {
                // same timestamp and nonce as the other vector: a second account, or it is a replayed signature
                expected.add(postVector(WECHATPY_WORK_TWIN, name, xml, D_DECRYPT_SIGNATURE));
            } else if (name.equals("crypto__encrypt_message_2.xml")) {
                expected.add(postVector(WECHATPY_WORK, name, xml, D_MSG_SIGNATURE));
            } else if (relative.startsWith("wecom")) {
                String copy = uniqueCopy(xml);
                accepted(name, WeChatRequests.postWeCom(WECOM_SAMPLE, WECOM_SAMPLE_TOKEN, WECOM_CIPHER, copy));
                expected.add(new Expected(name, WECOM_SAMPLE, "safe", copy));
            } else {
                String copy = uniqueCopy(xml);
                accepted(name, WeChatRequests.postPlain(OA, OA_TOKEN, copy));
                expected.add(new Expected(name, OA, "plain", copy));
                if (name.startsWith("parser__")) {
                    String safe = uniqueCopy(xml);
                    accepted(name, WeChatRequests.postSafe(OA, OA_TOKEN, OA_CIPHER, safe));
                    expected.add(new Expected(name, OA, "safe", safe));
                    String compatible = uniqueCopy(xml);
                    accepted(name, WeChatRequests.postCompatible(OA, OA_TOKEN, OA_CIPHER, compatible));
                    expected.add(new Expected(name, OA, "compatible", compatible));
                }
            }
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(66 + 2 * 21);

        Map<String, JsonNode> records = new HashMap<>();
        List<String> ids = expected.stream().map(Expected::recordId).toList();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read("switchboard.contacts",
                r -> containsAny(r, ids),
                expected.size(), WAIT)) {
            JsonNode node = JSON.readTree(r.value());
            records.put(node.get("id").asText(), node);
        }
        Map<String, String> modes = new HashMap<>();
        List<String> keys = expected.stream().map(Expected::channelMessageId).toList();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read("switchboard.inbound.raw", r -> keys.contains(r.key()),
                expected.size(), WAIT)) {
            modes.put(r.key(), new String(r.headers().lastHeader("sb-attr-wechat-mode").value(), StandardCharsets.UTF_8));
        }

        SoftAssertions soft = new SoftAssertions();
        for (Expected e : expected) {
            String what = e.fixture() + " (" + e.mode() + ")";
            JsonNode record = records.get(e.recordId());
            soft.assertThat(record).as("ContactRecord of %s", what).isNotNull();
            if (record == null) {
                continue;
            }
            WeChatMessage message = e.message();
            WeChatContactSummary summary = MAPPER.map(message);
            soft.assertThat(modes.get(e.channelMessageId())).as("mode of %s", what).isEqualTo(e.mode());
            soft.assertThat(record.get("channel").asText()).as(what).isEqualTo("wechat");
            soft.assertThat(record.get("channelMessageId").asText()).as(what).isEqualTo(e.channelMessageId());
            soft.assertThat(record.at("/from/type").asText()).as(what)
                    .isEqualTo(e.account().equals(OA) ? "wechat-openid" : "wecom-userid");
            soft.assertThat(record.at("/from/value").asText()).as(what)
                    .isEqualTo(e.account() + ":" + message.fromUserName());
            soft.assertThat(record.get("text").asText()).as("text of %s", what).isNotBlank().isEqualTo(summary.text());
            // taxonomy tags are the tagger's business; the channel's own tag marks events only
            soft.assertThat(record.get("tags").toString().contains("wechat.event.")).as("tags of %s", what)
                    .isEqualTo(summary.kind() == WeChatContactSummary.Kind.EVENT);
            soft.assertThat(record.get("queue").asText()).as(what).isEqualTo("general");
        }
        soft.assertAll();
    }

    private Expected postVector(String account, String name, String envelope, String msgSignature) {
        accepted(name, WeChatRequests.post(account, Map.of("msg_signature", msgSignature, "timestamp",
                D_TIMESTAMP, "nonce", D_NONCE), envelope));
        String plaintext = new WeChatMessageCrypto(WECHATPY_WORK_TOKEN,
                new WeChatCipher(WECHATPY_WORK_KEY, WECHATPY_WORK_CORP_ID))
                .decrypt(msgSignature, D_TIMESTAMP, D_NONCE, PARSER.parse(envelope).encrypt());
        return new Expected(name, account, "safe", plaintext);
    }

    private static void accepted(String name, Response response) {
        assertThat(response.statusCode()).as("status for %s: %s", name, response.asString()).isEqualTo(200);
        assertThat(response.asString()).as(name).isEqualTo("success");
    }

    private String uniqueCopy(String xml) {
        int n = copies++;
        String copy = replaceAll(MSG_ID, xml, "<MsgId>" + (msgIdBase + n) + "</MsgId>");
        return replaceAll(CREATE_TIME, copy, "<CreateTime>" + (createTimeBase + n) + "</CreateTime>");
    }

    private static String replaceAll(Pattern pattern, String input, String replacement) {
        return pattern.matcher(input).replaceAll(Matcher.quoteReplacement(replacement));
    }

    private static boolean containsAny(ConsumerRecord<String, byte[]> record, List<String> ids) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        return ids.stream().anyMatch(value::contains);
    }

    private static List<Path> fixtures() {
        Path root = sharedData().resolve("wechat");
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".xml")).sorted().map(root::relativize).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
