package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import io.switchboard.testing.ConfigFor;
import io.switchboard.testing.standin.StandInServer.Answer;
import io.switchboard.testing.standin.TwilioStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmsSenderTest {

    private static final String SID = "AC00000000000000000000000000000001";
    private static final String TOKEN = "twilio-auth-token";
    private static final String FROM = "+15005550006";
    private static final String CUSTOMER = "+8613800138000";

    private TwilioStandIn twilio;

    @BeforeEach
    void start() {
        twilio = new TwilioStandIn(SID, TOKEN).start();
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    private SmsSender sender(Map<String, String> overrides) {
        return sender(overrides, Duration.ofSeconds(10));
    }

    private SmsSender sender(Map<String, String> overrides, Duration readTimeout) {
        Map<String, String> p = new HashMap<>();
        p.put("switchboard.phone.sms.api-url", twilio.baseUrl().toString());
        p.put("switchboard.phone.sms.account-sid", SID);
        p.put("switchboard.phone.sms.auth-token", TOKEN);
        p.put("switchboard.phone.sms.from", FROM);
        p.put("switchboard.phone.sms.status-callback-url", "https://gateway.example.com/webhooks/sms-status");
        p.putAll(overrides);
        p.values().removeIf(String::isEmpty);
        return new SmsSender(ConfigFor.properties(p),
                new OutboundHttp(Duration.ofSeconds(2), readTimeout, Clock.systemUTC()));
    }

    private static OutboundMessage sms(String to, String text) {
        return OutboundMessage.builder("r-" + to, Channel.PHONE, OutboundMessage.Recipient.of(to), text).build();
    }

    @Test
    void shouldPostTheFormWithBasicAuthAndReturnTheMessageSid() {
        SendOutcome outcome = sender(Map.of()).send(sms(CUSTOMER, "您的维修单 R-88 已完成，请到店取件。"));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Sent.class,
                sent -> assertThat(sent.providerMessageId()).matches("SM[0-9a-f]{32}")
                        .isEqualTo(twilio.queued().get(0).sid()));
        var request = twilio.requests(twilio.messagesPath()).get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.form()).containsExactly(
                Map.entry("To", CUSTOMER),
                Map.entry("From", FROM),
                Map.entry("Body", "您的维修单 R-88 已完成，请到店取件。"),
                Map.entry("StatusCallback", "https://gateway.example.com/webhooks/sms-status"));
    }

    @Test
    void shouldSendThroughTheMessagingServiceWhenOneIsSet() {
        sender(Map.of("switchboard.phone.sms.messaging-service-sid", "MG00000000000000000000000000000002",
                "switchboard.phone.sms.status-callback-url", "")).send(sms(CUSTOMER, "hi"));

        assertThat(twilio.requests().get(0).form()).containsExactly(
                Map.entry("To", CUSTOMER),
                Map.entry("MessagingServiceSid", "MG00000000000000000000000000000002"),
                Map.entry("Body", "hi"));
    }

    @Test
    void shouldFailPermanentlyForANumberTwilioCallsInvalid() {
        SendOutcome outcome = sender(Map.of()).send(sms("13800138000", "hi"));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("21211");
            assertThat(failed.message()).contains("400").contains("Invalid 'To' Phone Number");
        });
    }

    @Test
    void shouldFailPermanentlyForACustomerWhoRepliedStop() {
        twilio.optOut(CUSTOMER);

        assertThat(sender(Map.of()).send(sms(CUSTOMER, "hi"))).isInstanceOfSatisfying(SendOutcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo("21610"));
        assertThat(twilio.queued()).isEmpty();
    }

    @Test
    void shouldFailPermanentlyWithWrongCredentials() {
        SendOutcome outcome = sender(Map.of("switchboard.phone.sms.auth-token", "forged")).send(sms(CUSTOMER, "hi"));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("20003");
            assertThat(failed.message()).contains("401").contains("switchboard.phone.sms.auth-token")
                    .doesNotContain("forged");
        });
    }

    @Test
    void shouldRetryWhenThrottledAndWaitAsTwilioAsks() {
        twilio.throttleNext(1, Duration.ofSeconds(7));
        SmsSender sender = sender(Map.of());

        assertThat(sender.send(sms(CUSTOMER, "hi"))).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
            assertThat(retry.code()).isEqualTo("20429");
            assertThat(retry.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(retry.mayHaveBeenSent()).isFalse();
        });
        assertThat(sender.send(sms(CUSTOMER, "hi"))).isInstanceOf(SendOutcome.Sent.class);
        assertThat(twilio.queued()).hasSize(1);
    }

    @Test
    void shouldRetryA5xxAndThenSucceed() {
        twilio.answerNext(twilio.messagesPath(), Answer.status(500));
        SmsSender sender = sender(Map.of());

        assertThat(sender.send(sms(CUSTOMER, "hi"))).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                retry -> assertThat(retry.code()).isEqualTo("http-500"));
        assertThat(sender.send(sms(CUSTOMER, "hi"))).isInstanceOf(SendOutcome.Sent.class);
    }

    @Test
    void shouldFlagThatAResendAfterAHangCanSendTheSmsTwice() throws InterruptedException {
        twilio.hangNext(twilio.messagesPath(), Duration.ofSeconds(1));
        SmsSender sender = sender(Map.of(), Duration.ofMillis(300));

        SendOutcome first = sender.send(sms(CUSTOMER, "您的验证码已更新"));
        assertThat(first).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
            assertThat(retry.code()).isEqualTo("timeout");
            assertThat(retry.mayHaveBeenSent()).isTrue();
        });
        assertThat(sender.recognisesResends()).isFalse();
        assertThat(sender.send(sms(CUSTOMER, "您的验证码已更新"))).isInstanceOf(SendOutcome.Sent.class);

        // the slow first request was still taken by Twilio: the customer gets the SMS twice
        for (int i = 0; i < 200 && twilio.queued().size() < 2; i++) {
            Thread.sleep(50);
        }
        assertThat(twilio.queued()).hasSize(2);
    }

    @Test
    void shouldNameTheMissingSetting() {
        assertThatThrownBy(() -> sender(Map.of("switchboard.phone.sms.account-sid", "")).send(sms(CUSTOMER, "hi")))
                .isInstanceOfSatisfying(MissingSendingSetting.class,
                        e -> assertThat(e.property()).isEqualTo("switchboard.phone.sms.account-sid"));
        assertThatThrownBy(() -> sender(Map.of("switchboard.phone.sms.auth-token", "")).requireSettings(null))
                .isInstanceOfSatisfying(MissingSendingSetting.class,
                        e -> assertThat(e.property()).isEqualTo("switchboard.phone.sms.auth-token"));
        assertThatThrownBy(() -> sender(Map.of("switchboard.phone.sms.from", "")).requireSettings(null))
                .isInstanceOfSatisfying(MissingSendingSetting.class, e -> {
                    assertThat(e.property()).isEqualTo("switchboard.phone.sms.from");
                    assertThat(e.getMessage()).contains("messaging-service-sid");
                });
        assertThat(twilio.requests()).isEmpty();
    }
}
