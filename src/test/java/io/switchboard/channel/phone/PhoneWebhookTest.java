package io.switchboard.channel.phone;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code POST /webhooks/phone} end to end: HTTP → inbound.raw → pipeline → contacts, on a real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class PhoneWebhookTest {

    private static final String RAW = "switchboard.inbound.raw";
    private static final String CONTACTS = "switchboard.contacts";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** docs/protocols.md §3.3, from twilio-java's RequestValidatorTest. */
    private static final Map<String, String> VECTOR_PARAMS = vectorParams();
    private static final String VECTOR_PATH = "/myapp.php?foo=1&bar=2";

    private static Map<String, String> vectorParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Digits", "1234");
        p.put("CallSid", "CA1234567890ABCDE");
        p.put("To", "+18005551212");
        p.put("Caller", "+14158675309");
        p.put("From", "+14158675309");
        return p;
    }

    // ------------------------------------------------------------------ JSON call events

    @Test
    void shouldTurnASignedMissedCallEventIntoOneContactWithE164Identity() throws Exception {
        String callId = "evt-" + UUID.randomUUID();
        String body = callEvent(callId, "13800138000", "missed");
        String id = postEvent(body, sign(body)).then().statusCode(202).body("callId", equalTo(callId))
                .extract().path("id");
        assertThat(id).isEqualTo(RawMessage.recordIdFor(Channel.PHONE, callId));

        JsonNode record = onlyContact(id);
        assertThat(record.get("channel").asText()).isEqualTo("phone");
        assertThat(record.get("direction").asText()).isEqualTo("inbound");
        assertThat(record.get("channelMessageId").asText()).isEqualTo(callId);
        assertThat(record.at("/from/type").asText()).isEqualTo("phone");
        assertThat(record.at("/from/value").asText()).isEqualTo("+8613800138000");
        assertThat(record.at("/to/type").asText()).isEqualTo("phone-extension");
        assertThat(record.at("/identities/0/value").asText()).isEqualTo("+8613800138000");
        assertThat(texts(record.get("tags")))
                .as("the phone channel's own tags; taxonomy tags are the tagger's")
                .filteredOn(tag -> tag.startsWith("phone.")).containsExactly("phone.missed", "phone.callback-needed");
        assertThat(record.at("/attachments/0/url").asText()).isEqualTo("https://rec.example.com/" + callId + ".wav");
        assertThat(record.get("preferredAgent").asText()).isEqualTo("8001");
        assertThat(record.get("subject").asText()).isEqualTo("Missed inbound call from +8613800138000");
    }

    @Test
    void shouldAnswer400NamingTheMissingField() {
        String body = callEvent("evt-" + UUID.randomUUID(), "13800138000", "missed").replace("\"from\"", "\"caller\"");
        postEvent(body, sign(body)).then().statusCode(400).body("error", equalTo("invalid_payload"))
                .body("field", equalTo("from")).body("message", containsString("from: missing"));
    }

    @Test
    void shouldAnswer400ForAnUnknownStatus() {
        String body = callEvent("evt-" + UUID.randomUUID(), "13800138000", "ringing");
        postEvent(body, sign(body)).then().statusCode(400).body("field", equalTo("status"));
    }

    @Test
    void shouldRejectAForgedCallEventAndStoreNothing() {
        String callId = "forged-" + UUID.randomUUID();
        String body = callEvent(callId, "13800138000", "answered");
        postEvent(body, TimestampedSignature.headerFor("not-the-secret", Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8))).then().statusCode(401).body("error", equalTo("unauthorized"));
        postEvent(body, null).then().statusCode(401);
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(callId), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void shouldAnswer415ForCallEventsThatAreNotJson() {
        String body = callEvent("evt-" + UUID.randomUUID(), "13800138000", "answered");
        given().contentType("text/plain").header(TimestampedSignature.HEADER, sign(body)).body(body)
                .post("/webhooks/phone").then().statusCode(415);
    }

    // ------------------------------------------------------------------ Twilio

    @Test
    void shouldAcceptTwilioValidatorVectorsThroughTheEndpoint() {
        // what the proxy in front of the gateway reports decides the URL Twilio signed
        twilio("https", "mycompany.com", null, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").then().statusCode(204);
        twilio("https", "mycompany.com", "443", "kvajT1Ptam85bY51eRf/AJRuM3w=").then().statusCode(204);
        twilio("http", "mycompany.com:80", null, "0ZXoZLH/DfblKGATFgpif+LLRf4=").then().statusCode(204);
        // the URL without the port is also tried, as Twilio's validator does
        twilio("https", "mycompany.com:443", null, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").then().statusCode(204);
        // a voice request without CallStatus is kept raw under CallSid#request, no contact
        assertThat(TopicReader.read(RAW, TopicReader.keyIs("CA1234567890ABCDE#request"), 4, WAIT)).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldRejectForgedTwilioSignatureWith401() {
        twilio("https", "mycompany.com", null, "RSOYDt4T1cUTdK1PDd93/VVr8B9=").then().statusCode(401)
                .body("error", equalTo("unauthorized")).body("message", containsString("https://mycompany.com/myapp.php"));
        // the right signature for another host (a request replayed elsewhere) fails too
        twilio("https", "evil.example.com", null, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").then().statusCode(401);
        // a tampered parameter
        Map<String, String> tampered = new LinkedHashMap<>(VECTOR_PARAMS);
        tampered.put("Digits", "9999");
        twilioRequest("https", "mycompany.com", null, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").formParams(tampered)
                .post("/webhooks/phone?foo=1&bar=2").then().statusCode(401);
    }

    @Test
    void shouldMakeOneContactPerTwilioCallFromItsTerminalStatusOnly() throws Exception {
        String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        for (String[] step : new String[][] {{"0", "initiated"}, {"1", "ringing"}, {"2", "in-progress"}, {"3", "completed"}}) {
            signedTwilioForm(boomerRang(sid, step[0], step[1])).then().statusCode(204);
        }
        signedTwilioForm(boomerRang(sid, "3", "completed")).then().statusCode(204); // Twilio retries
        assertThat(TopicReader.read(RAW, r -> r.key().startsWith(sid), 5, WAIT)).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(sid + "#0", sid + "#1", sid + "#2", sid, sid);
        PipelineProgress.awaitDrained(RAW, WAIT);

        List<JsonNode> records = contactsOfCall(sid);
        assertThat(records).hasSize(1);
        JsonNode record = records.get(0);
        assertThat(record.get("channelMessageId").asText()).isEqualTo(sid);
        assertThat(record.get("direction").asText()).isEqualTo("outbound");
        assertThat(record.at("/from/value").asText()).isEqualTo("+15107571675");
        assertThat(texts(record.get("tags"))).contains("phone.answered");
        // outbound: the customer is the callee
        assertThat(record.at("/customer/id").asText()).isNotEqualTo(
                contactsCustomerOfFrom(record.at("/from/value").asText()));
    }

    @Test
    void shouldMapTwilioNoAnswerOnAnInboundCallToMissedWithCallback() throws Exception {
        String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", sid);
        params.put("AccountSid", "AC8d88ba5085adeac4015ea92ec9a81ded");
        params.put("From", "+8613912345678");
        params.put("To", "+8675512345678");
        params.put("Direction", "inbound");
        params.put("CallStatus", "no-answer");
        params.put("Timestamp", "Mon, 03 Mar 2025 02:00:30 +0000");
        signedTwilioForm(params).then().statusCode(204);
        PipelineProgress.awaitDrained(RAW, WAIT);
        JsonNode record = contactsOfCall(sid).get(0);
        assertThat(record.get("direction").asText()).isEqualTo("inbound");
        assertThat(record.at("/from/value").asText()).isEqualTo("+8613912345678");
        assertThat(texts(record.get("tags")))
                .as("the phone channel's own tags; taxonomy tags are the tagger's")
                .filteredOn(tag -> tag.startsWith("phone.")).containsExactly("phone.missed", "phone.callback-needed");
        assertThat(record.get("text").asText()).contains("ended 2025-03-03T02:00:30Z");
    }

    @Test
    void shouldVerifyJsonBodiedTwilioCallbacksByBodySha256() throws Exception {
        String sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        String body = "{\"CallSid\":\"" + sid + "\",\"CallStatus\":\"busy\",\"From\":\"+8613700001111\","
                + "\"To\":\"+8675512345678\",\"Direction\":\"inbound\"}";
        String query = "?bodySHA256=" + TwilioSignature.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        String url = "https://gateway.example.com/webhooks/phone" + query;
        String signature = new TwilioSignature(GatewayInfrastructure.TWILIO_AUTH_TOKEN).compute(url, Map.of());
        twilioRequest("https", "gateway.example.com", null, signature).contentType("application/json").body(body)
                .post("/webhooks/phone" + query).then().statusCode(204);
        // same signature, different body: the body hash no longer matches
        twilioRequest("https", "gateway.example.com", null, signature).contentType("application/json")
                .body(body.replace("busy", "completed")).post("/webhooks/phone" + query).then().statusCode(401);
        PipelineProgress.awaitDrained(RAW, WAIT);
        assertThat(texts(contactsOfCall(sid).get(0).get("tags")))
                .as("the phone channel's own tags; taxonomy tags are the tagger's")
                .filteredOn(tag -> tag.startsWith("phone.")).containsExactly("phone.busy", "phone.callback-needed");
    }

    // ------------------------------------------------------------------ helpers

    private static String callEvent(String callId, String from, String status) {
        return """
                {"callId":"%s","from":"%s","to":"8001","direction":"inbound","status":"%s",\
                "startedAt":"2025-01-02T10:00:00+08:00","endedAt":"2025-01-02T10:00:30+08:00",\
                "durationSeconds":30,"recordingUrl":"https://rec.example.com/%s.wav","agentId":"8001"}"""
                .formatted(callId, from, status, callId);
    }

    private static String sign(String body) {
        return TimestampedSignature.headerFor(GatewayInfrastructure.PHONE_SECRET, Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Response postEvent(String body, String signature) {
        RequestSpecification request = given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header(TimestampedSignature.HEADER, signature);
        }
        return request.post("/webhooks/phone");
    }

    private static RequestSpecification twilioRequest(String proto, String host, String port, String signature) {
        RequestSpecification r = given().header("X-Twilio-Signature", signature)
                .header("X-Forwarded-Proto", proto).header("X-Forwarded-Host", host);
        if (port != null) {
            r.header("X-Forwarded-Port", port);
        }
        return r;
    }

    /** The vector's URL path is /myapp.php: a path-rewriting proxy reports it in X-Forwarded-Uri. */
    private static Response twilio(String proto, String host, String port, String signature) {
        return twilioRequest(proto, host, port, signature).header("X-Forwarded-Uri", VECTOR_PATH)
                .formParams(VECTOR_PARAMS).post("/webhooks/phone?foo=1&bar=2");
    }

    private static Response signedTwilioForm(Map<String, String> params) {
        String signature = new TwilioSignature(GatewayInfrastructure.TWILIO_AUTH_TOKEN)
                .compute("https://gateway.example.com/webhooks/phone", params);
        return twilioRequest("https", "gateway.example.com", null, signature).formParams(params).post("/webhooks/phone");
    }

    /** The realistic status callback of docs/protocols.md §3.3 (BoomerRang), with our own CallSid and status. */
    private static Map<String, String> boomerRang(String sid, String sequence, String status) {
        String fixture = "Called=%2B15005550006&ToState=NY&CallerCountry=US&Direction=outbound-api&Timestamp=Thurs,+20+July+1989+18:30:43+%2B0000&CallbackSource=call-progress-events&CallerState=CA&ToZip=10028&SequenceNumber=0&CallSid=CAf19604a3eec3e63d157870c5f7f3b3a0&To=%2B15005550006&CallerZip=94571&ToCountry=US&CallDuration=42&ApiVersion=2010-04-01&CalledZip=10028&CalledCity=NEW+YORK&CallStatus=completed&From=%2B15107571675&AccountSid=AC8d88ba5085adeac4015ea92ec9a81ded&CalledCountry=US&CallerCity=SAN+FRANCISCO&Caller=%2B15107571675&FromCountry=US&ToCity=NEW+YORK&FromCity=SAN+FRANCISCO&CalledState=NY&FromZip=94571&AnsweredBy=human&FromState=CA";
        Map<String, String> params = new LinkedHashMap<>(FormBody.firstValues(FormBody.parse(fixture.getBytes(StandardCharsets.UTF_8))));
        params.put("CallSid", sid);
        params.put("SequenceNumber", sequence);
        params.put("CallStatus", status);
        return params;
    }

    private static JsonNode onlyContact(String id) throws Exception {
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT);
        assertThat(contacts).hasSize(1);
        return JSON.readTree(contacts.get(0).value());
    }

    private static List<JsonNode> contactsOfCall(String callId) throws Exception {
        String id = RawMessage.recordIdFor(Channel.PHONE, callId);
        List<JsonNode> out = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read(CONTACTS, TopicReader.valueContains(id), 1, WAIT)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static String contactsCustomerOfFrom(String e164) {
        return UUID.nameUUIDFromBytes(("phone:" + e164).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
