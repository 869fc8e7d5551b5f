package io.switchboard.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.phone.TwilioSignature;
import io.switchboard.channel.wechat.WeChatSignatures;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.security.Role;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.WeChatTestAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input drill: every request of {@code src/test/resources/hostile/corpus.yaml} (forged and
 * replayed signatures, XXE, billion laughs, 10 MiB bodies, deep nesting, invalid UTF-8, wrong media
 * types, path tricks, plaintext to a safe-mode WeChat account, operator endpoints without a key) against
 * one running gateway on a real broker and database. Each must get its expected 4xx with a JSON error,
 * none a 5xx or a hang, and nothing may be stored but what the corpus says ({@code stores:}): the correctly
 * signed controls, and once the WeChat push whose captured query is replayed. The table goes to the log
 * and to {@code target/drills/<class>.txt}.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class HostileInputDrillTest {

    private static final Logger LOG = Logger.getLogger(HostileInputDrillTest.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final String RAW = "switchboard.inbound.raw";
    private static final String DEAD_LETTER = "switchboard.dead-letter";
    private static final String CONTACTS = "switchboard.contacts";
    private static final List<String> TOPICS = List.of(RAW, CONTACTS, DEAD_LETTER);
    private static final Map<String, String> WECHAT_TOKENS = Map.of(WeChatTestAccounts.OA_PLAIN, WeChatTestAccounts.OA_PLAIN_TOKEN,
            WeChatTestAccounts.OA, WeChatTestAccounts.OA_TOKEN, WeChatTestAccounts.OA_SAFE, WeChatTestAccounts.OA_SAFE_TOKEN);
    private static final Pattern ENCRYPT = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>", Pattern.DOTALL);

    @TestHTTPResource("/")
    URL gateway;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Outcome(String name, int expected, int status, long millis, String error, int stores) {}

    /** The query string each case was sent with, for the cases that replay it. */
    private final Map<String, String> queries = new HashMap<>();

    @Test
    void shouldRefuseEveryHostileRequestWithAClear4xxAndStoreNothing() throws Exception {
        JsonNode corpus = YAML.readTree(resource("corpus.yaml"));
        Map<String, Long> before = recordCounts();
        List<Outcome> outcomes = new ArrayList<>();
        for (JsonNode c : corpus) {
            outcomes.add(send(c, outcomes.size()));
        }
        Map<String, Long> answered = recordCounts();
        report(outcomes, before, answered);

        List<Outcome> hostile = outcomes.stream().filter(o -> o.expected() >= 400).toList();
        long controls = outcomes.stream().mapToInt(Outcome::stores).sum();
        assertThat(hostile).hasSizeGreaterThanOrEqualTo(40);
        assertThat(controls).as("accepted controls").isPositive();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as("%s: status", o.name()).isEqualTo(o.expected()));
        assertThat(hostile).allSatisfy(o -> assertThat(o.error()).as("%s: JSON error field", o.name()).isNotBlank());
        assertThat(answered.get(RAW) - before.get(RAW)).as("raw messages stored: the controls only").isEqualTo(controls);

        // once the pipeline has made the controls' records, anything it dead-lettered is on the topic too
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> recordCounts().get(CONTACTS) - before.get(CONTACTS) >= controls);
        Map<String, Long> processed = recordCounts();
        assertThat(processed.get(CONTACTS) - before.get(CONTACTS)).as("contact records: the controls only").isEqualTo(controls);
        assertThat(processed.get(DEAD_LETTER)).as("dead letters").isEqualTo(before.get(DEAD_LETTER));
    }

    private Outcome send(JsonNode c, int index) throws Exception {
        String name = c.get("name").asText();
        byte[] body = c.has("body") ? body(c.get("body")) : new byte[0];
        String path = c.get("path").asText();
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(HANG);
        String query = "";
        String sign = c.get("sign").asText();
        long now = Instant.now().getEpochSecond();
        // a nonce of its own per case: two pushes with one timestamp and nonce are a replay
        String nonce = "hostile" + index;
        switch (sign) {
            case "none" -> { }
            case "chat" -> request.header(TimestampedSignature.HEADER, chatSignature(GatewayInfrastructure.CHAT_SECRET, now, body));
            case "chat-forged" -> request.header(TimestampedSignature.HEADER, chatSignature("not-the-secret", now, body));
            case "chat-stale" -> request.header(TimestampedSignature.HEADER, chatSignature(GatewayInfrastructure.CHAT_SECRET, now - 600, body));
            case "chat-future" -> request.header(TimestampedSignature.HEADER, chatSignature(GatewayInfrastructure.CHAT_SECRET, now + 600, body));
            case "chat-garbled" -> request.header(TimestampedSignature.HEADER, "t=yesterday,v1=zz;v1=" + "f".repeat(4000));
            case "chat-other-body" -> request.header(TimestampedSignature.HEADER,
                    chatSignature(GatewayInfrastructure.CHAT_SECRET, now, "{}".getBytes(StandardCharsets.UTF_8)));
            case "phone" -> request.header(TimestampedSignature.HEADER, chatSignature(GatewayInfrastructure.PHONE_SECRET, now, body));
            case "phone-stale" -> request.header(TimestampedSignature.HEADER,
                    chatSignature(GatewayInfrastructure.PHONE_SECRET, now - 600, body));
            case "twilio-forged" -> request.header(TwilioSignature.HEADER, "bm90IHRoZSBzaWduYXR1cmU=");
            case "wechat", "wechat-forged", "wechat-stale", "wechat-future" -> {
                String token = "wechat-forged".equals(sign) ? "not-the-token" : WECHAT_TOKENS.getOrDefault(account(path), "test");
                long sent = now + switch (sign) {
                    case "wechat-stale" -> -600;
                    case "wechat-future" -> 600;
                    default -> 0;
                };
                query = "?timestamp=" + sent + "&nonce=" + nonce + "&signature="
                        + WeChatSignatures.signature(token, Long.toString(sent), nonce);
            }
            case "wechat-safe" -> {
                String token = WECHAT_TOKENS.get(account(path));
                Matcher encrypt = ENCRYPT.matcher(new String(body, StandardCharsets.UTF_8));
                assertThat(encrypt.find()).as("%s: safe-mode body carries <Encrypt>", name).isTrue();
                query = "?timestamp=" + now + "&nonce=" + nonce + "&encrypt_type=aes"
                        + "&signature=" + WeChatSignatures.signature(token, Long.toString(now), nonce)
                        + "&msg_signature=" + WeChatSignatures.msgSignature(token, Long.toString(now), nonce, encrypt.group(1));
            }
            case "captured" -> {
                String original = c.get("replays").asText();
                assertThat(queries).as("%s: replays a case sent before it", name).containsKey(original);
                query = queries.get(original);
            }
            case "admin-wrong" -> request.header("Authorization", "Bearer not-the-admin-key");
            case "basic-wrong" -> request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString("admin:not-the-admin-key".getBytes(StandardCharsets.UTF_8)));
            case "agent" -> request.header("Authorization", "Bearer " + OperatorApi.key(Role.AGENT));
            default -> throw new IllegalArgumentException(name + ": unknown signing kind " + sign);
        }
        queries.put(name, query);
        if (c.has("type")) {
            request.header("Content-Type", c.get("type").asText());
        }
        String method = c.get("method").asText();
        String base = c.has("port") && "operator".equals(c.get("port").asText()) ? operatorBase() : base();
        request.uri(URI.create(base + path + query)).method(method,
                "GET".equals(method) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int expected = c.get("expect").asInt();
        int stores = c.has("stores") ? c.get("stores").asInt() : expected < 400 ? 1 : 0;
        return new Outcome(name, expected, response.statusCode(), millis, errorField(response), stores);
    }

    private static String errorField(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return null;
        }
        try {
            return JSON.readTree(response.body()).path("error").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String chatSignature(String secret, long unixSeconds, byte[] body) {
        return TimestampedSignature.headerFor(secret, unixSeconds, body);
    }

    private static String account(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static byte[] body(JsonNode spec) throws IOException {
        if (spec.has("text")) {
            return spec.get("text").asText().getBytes(StandardCharsets.UTF_8);
        }
        if (spec.has("file")) {
            try (InputStream in = resource(spec.get("file").asText())) {
                return in.readAllBytes();
            }
        }
        JsonNode g = spec.get("generate");
        return switch (g.get("kind").asText()) {
            case "repeat" -> repeat(g.get("text").asText(), g.get("bytes").asInt());
            case "nested-json" -> ("[".repeat(g.get("depth").asInt()) + "]".repeat(g.get("depth").asInt()))
                    .getBytes(StandardCharsets.UTF_8);
            case "nested-xml" -> ("<xml>" + "<a>".repeat(g.get("depth").asInt()) + "</a>".repeat(g.get("depth").asInt()) + "</xml>")
                    .getBytes(StandardCharsets.UTF_8);
            case "hex" -> HexFormat.of().parseHex(g.get("hex").asText());
            default -> throw new IllegalArgumentException("unknown generator " + g);
        };
    }

    private static byte[] repeat(String unit, int bytes) {
        byte[] one = unit.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = one[i % one.length];
        }
        return out;
    }

    private static InputStream resource(String name) {
        InputStream in = HostileInputDrillTest.class.getClassLoader().getResourceAsStream("hostile/" + name);
        assertThat(in).as("hostile/%s on the test classpath", name).isNotNull();
        return in;
    }

    /** The operator port: the management interface, on a port of its own. */
    private String operatorBase() {
        return "http://localhost:" + OperatorApi.port();
    }

    private String base() {
        String url = gateway.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Committed records on each contract topic. */
    private static Map<String, Long> recordCounts() {
        Map<String, Long> counts = new TreeMap<>();
        TOPICS.forEach(topic -> counts.put(topic, TopicReader.count(topic)));
        return counts;
    }

    private void report(List<Outcome> outcomes, Map<String, Long> before, Map<String, Long> after) throws IOException {
        StringBuilder text = new StringBuilder("hostile-input drill: %d cases\n".formatted(outcomes.size()));
        text.append("%-48s %8s %6s %8s  %s%n".formatted("case", "expected", "got", "ms", "error"));
        for (Outcome o : outcomes) {
            text.append("%-48s %8d %6d %8d  %s%n".formatted(o.name(), o.expected(), o.status(), o.millis(), o.error()));
        }
        text.append("slowest answer: %d ms%n".formatted(outcomes.stream().mapToLong(Outcome::millis).max().orElse(0)));
        text.append("topic end offsets before %s, after %s%n".formatted(before, after));
        LOG.info(text);
        Path out = Path.of("target", "drills", getClass().getSimpleName() + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }
}
