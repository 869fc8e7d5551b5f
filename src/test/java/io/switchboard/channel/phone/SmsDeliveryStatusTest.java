package io.switchboard.channel.phone;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.security.Role;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.Replies;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.standin.StandIns;
import io.switchboard.testing.standin.TwilioStandIn;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * SMS replies' delivery statuses end to end: a call from a mobile number → a reply → an SMS at the Twilio stand-in →
 * the stand-in's signed status callback to {@code POST /webhooks/phone/sms-status}, through a proxy (the gateway is
 * configured with the public URL Twilio signs) → the reply {@code delivered} or {@code failed} on
 * {@code GET /replies/{id}} and on {@code switchboard.outbound.status}. Real Kafka and PostgreSQL.
 */
@QuarkusTest
@TestProfile(SmsDeliveryStatusTest.PublicCallbackUrl.class)
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class SmsDeliveryStatusTest {

    private static final String CALLBACK_URL = "https://gateway.example.com/webhooks/phone/sms-status";
    private static final String PATH = "/webhooks/phone/sms-status";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Twilio calls is the public URL in front of the gateway, not the test port. */
    public static class PublicCallbackUrl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.phone.sms.status-callback-url", CALLBACK_URL,
                    "switchboard.outbound.dispatch-interval", "PT0.1S");
        }
    }

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void shouldMarkASmsReplyDeliveredWhenTwilioReportsIt() throws Exception {
        SentSms sms = sentSms();
        assertThat(StandIns.twilio().queued()).filteredOn(q -> q.sid().equals(sms.sid()))
                .extracting(TwilioStandIn.Queued::statusCallback).containsExactly(CALLBACK_URL);

        assertThat(report(sms, "sent", null)).isEqualTo(204);
        assertThat(Replies.awaitStatus(sms.replyId(), "sent", WAIT).get("providerMessageId").asText())
                .isEqualTo(sms.sid());
        assertThat(report(sms, "delivered", null)).isEqualTo(204);

        JsonNode status = Replies.awaitStatus(sms.replyId(), "delivered", WAIT);
        assertThat(status.has("code")).isFalse();
        assertThat(published(sms.replyId(), "delivered").key()).isEqualTo(sms.replyId());
    }

    @Test
    void shouldMarkItFailedWithTwiliosErrorCodeAndKeepThatAgainstALateReport() throws Exception {
        SentSms sms = sentSms();

        assertThat(report(sms, "undelivered", "30003")).isEqualTo(204);

        JsonNode status = Replies.awaitStatus(sms.replyId(), "failed", WAIT);
        assertThat(status.get("code").asText()).isEqualTo("30003");
        assertThat(status.get("reason").asText()).contains("undelivered").contains("30003");
        JsonNode published = JSON.readTree(published(sms.replyId(), "failed").value());
        assertThat(published.get("code").asText()).isEqualTo("30003");

        assertThat(report(sms, "delivered", null)).as("out of order, after the final word").isEqualTo(204);
        assertThat(Replies.awaitStatus(sms.replyId(), "failed", WAIT).get("code").asText()).isEqualTo("30003");
    }

    @Test
    void shouldRejectForgedUnsignedAndMalformedCallbacksAndChangeNothing() throws Exception {
        SentSms sms = sentSms();
        Map<String, String> delivered = form(sms.sid(), "delivered");
        String forged = new TwilioSignature("not-the-account-token").compute(CALLBACK_URL, delivered);

        callback(TwilioStandIn.encode(delivered), forged).then().statusCode(401).body("error", equalTo("unauthorized"));
        callback(TwilioStandIn.encode(delivered), null).then().statusCode(401).body("error", equalTo("unauthorized"));
        // a signature of the callback for another message does not cover this one
        callback(TwilioStandIn.encode(delivered), sign(form("SMother", "delivered"))).then().statusCode(401);
        callback("MessageSid=%zz&MessageStatus=delivered", sign(delivered)).then().statusCode(400)
                .body("error", equalTo("invalid_payload"));
        Map<String, String> noStatus = new LinkedHashMap<>(Map.of("MessageSid", sms.sid()));
        callback(TwilioStandIn.encode(noStatus), sign(noStatus)).then().statusCode(400)
                .body("field", equalTo("MessageStatus"));
        given().header(TwilioSignature.HEADER, sign(delivered)).contentType("application/json")
                .body("{\"MessageSid\":\"" + sms.sid() + "\",\"MessageStatus\":\"delivered\"}").post(PATH).then()
                .statusCode(415);

        // a refused callback is refused before the database is touched: the row is as it was
        OperatorApi.as(Role.AGENT).get("/replies/" + sms.replyId()).then().statusCode(200)
                .body("status", equalTo("sent"));
    }

    @Test
    void shouldAcceptAndIgnoreAReportForAMessageNoReplyWasSentAs() {
        Map<String, String> unknown = form("SM" + UUID.randomUUID().toString().replace("-", ""), "delivered");
        callback(TwilioStandIn.encode(unknown), sign(unknown)).then().statusCode(204);
    }

    private record SentSms(String replyId, String sid) {}

    /** A missed call from a mobile number, answered by SMS, which Twilio took. */
    private SentSms sentSms() throws Exception {
        String number = "1380013" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        String callId = "sms-" + UUID.randomUUID();
        String event = """
                {"callId":"%s","from":"%s","to":"8001","direction":"inbound","status":"missed",\
                "startedAt":"2025-01-02T10:00:00+08:00","endedAt":"2025-01-02T10:00:30+08:00"}"""
                .formatted(callId, number);
        given().contentType("application/json").header(TimestampedSignature.HEADER, TimestampedSignature.headerFor(
                GatewayInfrastructure.PHONE_SECRET, Instant.now().getEpochSecond(), event.getBytes(StandardCharsets.UTF_8)))
                .body(event).post("/webhooks/phone").then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(callId), 1, WAIT);
        String conversationId = JSON.readTree(contacts.get(0).value()).get("conversationId").asText();
        Replies.awaitReplyable(conversationId, WAIT);
        String replyId = "sms-" + UUID.randomUUID();
        Replies.post(conversationId, replyId, "您好，我们已收到您的来电").then().statusCode(202);
        String sid = Replies.awaitStatus(replyId, "sent", WAIT).get("providerMessageId").asText();
        return new SentSms(replyId, sid);
    }

    /** The stand-in's own callback for the message, posted to the gateway as the proxy in front of it would. */
    private int report(SentSms sms, String status, String errorCode) throws Exception {
        return StandIns.twilio().reportStatus(sms.sid(), status, errorCode, URI.create(gateway.toString()));
    }

    private static Map<String, String> form(String sid, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", StandIns.TWILIO_ACCOUNT_SID);
        return form;
    }

    private static String sign(Map<String, String> form) {
        return new TwilioSignature(StandIns.TWILIO_AUTH_TOKEN).compute(CALLBACK_URL, form);
    }

    private static io.restassured.response.Response callback(String body, String signature) {
        var request = given().contentType("application/x-www-form-urlencoded").body(body);
        if (signature != null) {
            request.header(TwilioSignature.HEADER, signature);
        }
        return request.post(PATH);
    }

    private static ConsumerRecord<String, byte[]> published(String replyId, String status) {
        List<ConsumerRecord<String, byte[]>> statuses = TopicReader.read("switchboard.outbound.status",
                TopicReader.keyIs(replyId).and(TopicReader.valueContains("\"status\":\"" + status + "\"")), 1, WAIT);
        assertThat(statuses).as("%s published for %s", status, replyId).hasSize(1);
        return statuses.get(0);
    }
}
