package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.outbound.DeliveryReport;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import io.switchboard.testing.ConfigFor;
import io.switchboard.testing.standin.StandInServer;
import io.switchboard.testing.standin.TwilioStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmsStatusCallbacksTest {

    private static final String TOKEN = "twilio-auth-token";
    private static final String URL = "https://gateway.example.com/webhooks/sms-status";

    private final SmsStatusCallbacks callbacks = new SmsStatusCallbacks(Optional.of(TOKEN));

    private static Map<String, String> status(String sid, String status, String errorCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", "AC00000000000000000000000000000001");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    private DeliveryReport verify(Map<String, String> form) {
        return callbacks.verify(URL, TwilioStandIn.encode(form).getBytes(StandardCharsets.UTF_8),
                new TwilioSignature(TOKEN).compute(URL, form));
    }

    @Test
    void shouldTurnDeliveredIntoDelivered() {
        assertThat(verify(status("SM1", "delivered", null)))
                .isEqualTo(new DeliveryReport("SM1", DeliveryReport.State.DELIVERED, null, "delivered"));
    }

    @Test
    void shouldTurnUndeliveredAndFailedIntoFailedWithTwiliosErrorCode() {
        assertThat(verify(status("SM2", "undelivered", "30003")))
                .isEqualTo(new DeliveryReport("SM2", DeliveryReport.State.FAILED, "30003", "undelivered"));
        assertThat(verify(status("SM3", "failed", "30008")).state()).isEqualTo(DeliveryReport.State.FAILED);
    }

    @Test
    void shouldIgnoreTheStepsOnTheWay() {
        for (String interim : new String[] {"queued", "sending", "sent", "accepted", "something-new"}) {
            assertThat(verify(status("SM4", interim, null)).state()).isEqualTo(DeliveryReport.State.INTERIM);
        }
    }

    @Test
    void shouldRejectAForgedOrMissingSignature() {
        Map<String, String> form = status("SM5", "delivered", null);
        byte[] body = TwilioStandIn.encode(form).getBytes(StandardCharsets.UTF_8);
        String forged = new TwilioSignature("not-our-token").compute(URL, form);

        assertThatThrownBy(() -> callbacks.verify(URL, body, forged)).isInstanceOf(SignatureRejectedException.class);
        assertThatThrownBy(() -> callbacks.verify(URL, body, null)).isInstanceOf(SignatureRejectedException.class)
                .hasMessageContaining("missing");
        // a signature for another status does not cover this body
        String forDelivered = new TwilioSignature(TOKEN).compute(URL, form);
        byte[] tampered = TwilioStandIn.encode(status("SM5", "failed", null)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> callbacks.verify(URL, tampered, forDelivered))
                .isInstanceOf(SignatureRejectedException.class);
        assertThatThrownBy(() -> new SmsStatusCallbacks(Optional.empty()).verify(URL, body, forDelivered))
                .hasMessageContaining("switchboard.phone.sms.auth-token");
    }

    @Test
    void shouldNameTheMissingFieldOfASignedCallback() {
        Map<String, String> noStatus = new LinkedHashMap<>(Map.of("MessageSid", "SM6"));
        assertThatThrownBy(() -> verify(noStatus)).isInstanceOfSatisfying(InvalidPayloadException.class,
                e -> assertThat(e.field()).isEqualTo("MessageStatus"));
        assertThatThrownBy(() -> verify(new LinkedHashMap<>(Map.of("MessageStatus", "sent"))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("MessageSid"));
    }

    @Test
    void shouldVerifyTheCallbackTheTwilioStandInPostsForASentSms() throws Exception {
        class Receiver extends StandInServer {
            Receiver() {
                super("sms-status-receiver");
            }

            @Override
            protected Answer answer(Request request) {
                return Answer.status(204);
            }
        }
        try (TwilioStandIn twilio = new TwilioStandIn("AC00000000000000000000000000000001", TOKEN).start();
                Receiver receiver = new Receiver().start()) {
            String callbackUrl = receiver.baseUrl() + "/webhooks/sms-status";
            SmsSender sender = new SmsSender(ConfigFor.properties(Map.of(
                    "switchboard.phone.sms.api-url", twilio.baseUrl().toString(),
                    "switchboard.phone.sms.account-sid", "AC00000000000000000000000000000001",
                    "switchboard.phone.sms.auth-token", TOKEN,
                    "switchboard.phone.sms.from", "+15005550006",
                    "switchboard.phone.sms.status-callback-url", callbackUrl)),
                    new OutboundHttp(Duration.ofSeconds(2), Duration.ofSeconds(2), Clock.systemUTC()));
            SendOutcome.Sent sent = (SendOutcome.Sent) sender.send(OutboundMessage.builder("r-1", Channel.PHONE,
                    OutboundMessage.Recipient.of("+8613800138000"), "hi").build());

            assertThat(twilio.reportStatus(sent.providerMessageId(), "undelivered", "30005")).isEqualTo(204);

            StandInServer.Request callback = receiver.requests().get(0);
            DeliveryReport report = callbacks.verify(callbackUrl, callback.body(),
                    callback.header(TwilioSignature.HEADER));
            assertThat(report).isEqualTo(new DeliveryReport(sent.providerMessageId(), DeliveryReport.State.FAILED,
                    "30005", "undelivered"));
        }
    }
}
