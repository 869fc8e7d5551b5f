package io.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.Channel;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import io.switchboard.testing.ConfigFor;
import io.switchboard.testing.standin.ChatReplyStandIn;
import io.switchboard.testing.standin.StandInServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatReplySenderTest {

    private static final String SECRET = "chat-secret-current";

    private ChatReplyStandIn backend;
    private ChatReplySender sender;

    @BeforeEach
    void start() {
        backend = new ChatReplyStandIn(SECRET).start();
        sender = sender(backend.replyUrl(), SECRET + ",chat-secret-previous");
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static ChatReplySender sender(String url, String secrets) {
        return sender(url, secrets, Duration.ofSeconds(10));
    }

    private static ChatReplySender sender(String url, String secrets, Duration readTimeout) {
        return new ChatReplySender(ConfigFor.properties(Map.of("switchboard.chat.reply-url", url,
                "switchboard.chat.secret", secrets)),
                new OutboundHttp(Duration.ofSeconds(2), readTimeout, Clock.systemUTC()));
    }

    private static OutboundMessage reply(String replyId) {
        return OutboundMessage.builder(replyId, Channel.CHAT, new OutboundMessage.Recipient("visitor-42", "session-7"),
                "您好，您的订单 #A-1001 已发货。").conversationId("conv-1").language("zh").build();
    }

    @Test
    void shouldPostSignedJsonWithTheReplyIdAsIdempotencyKey() {
        SendOutcome outcome = sender.send(reply("r-1"));

        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) outcome).providerMessageId()).isEqualTo("chat-msg-1");
        var request = backend.requests(ChatReplyStandIn.PATH).get(0);
        assertThat(request.header("Idempotency-Key")).isEqualTo("r-1");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        // the header verifies with the current secret alone: what the backend holds
        new TimestampedSignature(List.of(SECRET), Duration.ofMinutes(5), Clock.systemUTC())
                .verify(request.header(TimestampedSignature.HEADER), request.body());
        JsonNode body = request.json();
        assertThat(body.path("replyId").asText()).isEqualTo("r-1");
        assertThat(body.path("conversationId").asText()).isEqualTo("conv-1");
        assertThat(body.path("sessionId").asText()).isEqualTo("session-7");
        assertThat(body.path("visitorId").asText()).isEqualTo("visitor-42");
        assertThat(body.path("text").asText()).isEqualTo("您好，您的订单 #A-1001 已发货。");
        assertThat(body.path("language").asText()).isEqualTo("zh");
        assertThat(body.path("automatic").asBoolean(true)).isFalse();
        assertThat(Instant.parse(body.path("sentAt").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void shouldLetTheBackendRecogniseAResendOfTheSameReply() {
        sender.send(reply("r-same"));
        SendOutcome again = sender.send(reply("r-same"));

        assertThat(again).isInstanceOf(SendOutcome.Sent.class);
        assertThat(backend.requests()).hasSize(2);
        assertThat(backend.deliveries()).hasSize(1);
        assertThat(sender.recognisesResends()).isTrue();
    }

    @Test
    void shouldFailPermanentlyWhenTheBackendRejectsTheSignature() {
        SendOutcome outcome = sender(backend.replyUrl(), "a-secret-the-backend-does-not-know").send(reply("r-forged"));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("http-401");
            assertThat(failed.message()).contains("401").contains("signature");
        });
        assertThat(backend.deliveries()).isEmpty();
    }

    @Test
    void shouldFailPermanentlyOnOtherClientErrors() {
        backend.answerNext(ChatReplyStandIn.PATH, Answer.json(422, "{\"error\":\"session-closed\"}"));

        assertThat(sender.send(reply("r-4xx"))).isInstanceOfSatisfying(SendOutcome.Failed.class,
                failed -> assertThat(failed.message()).contains("422").contains("session-closed"));
    }

    @Test
    void shouldRetryA5xxAndThenSucceed() {
        backend.answerNext(ChatReplyStandIn.PATH, Answer.status(503));

        SendOutcome first = sender.send(reply("r-5xx"));
        SendOutcome second = sender.send(reply("r-5xx"));

        assertThat(first).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
            assertThat(retry.code()).isEqualTo("http-503");
            assertThat(retry.mayHaveBeenSent()).isFalse();
        });
        assertThat(second).isInstanceOf(SendOutcome.Sent.class);
        assertThat(backend.deliveries()).hasSize(1);
    }

    @Test
    void shouldPassOnRetryAfterOfA429() {
        backend.answerNext(ChatReplyStandIn.PATH, Answer.status(429).withHeader("Retry-After", "7"));

        assertThat(sender.send(reply("r-429"))).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                retry -> assertThat(retry.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @Test
    void shouldCallAHangPastTheReadTimeoutRetryableAndPossiblySent() {
        backend.hangNext(ChatReplyStandIn.PATH, Duration.ofSeconds(3));

        assertThat(sender(backend.replyUrl(), SECRET, Duration.ofMillis(300)).send(reply("r-hang"))).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
            assertThat(retry.code()).isEqualTo("timeout");
            assertThat(retry.mayHaveBeenSent()).isTrue();
        });
    }

    @Test
    void shouldCallACutConnectionRetryable() {
        backend.dropNext(ChatReplyStandIn.PATH);

        assertThat(sender.send(reply("r-drop"))).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                retry -> assertThat(retry.mayHaveBeenSent()).isTrue());
    }

    @Test
    void shouldCallABackendThatIsNotListeningRetryableAndNotSent() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SendOutcome outcome = sender("http://127.0.0.1:" + closedPort + "/replies", SECRET).send(reply("r-down"));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
            assertThat(retry.code()).isEqualTo("unreachable");
            assertThat(retry.mayHaveBeenSent()).isFalse();
        });
    }

    @Test
    void shouldNameTheMissingSettingWithoutAReplyUrlOrSecret() {
        var http = new OutboundHttp(Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC());
        var noUrl = new ChatReplySender(ConfigFor.properties(Map.of("switchboard.chat.secret", SECRET)), http);
        var noSecret = new ChatReplySender(ConfigFor.properties(Map.of("switchboard.chat.reply-url",
                backend.replyUrl())), http);

        assertThatThrownBy(() -> noUrl.send(reply("r-x"))).isInstanceOfSatisfying(MissingSendingSetting.class,
                e -> assertThat(e.property()).isEqualTo("switchboard.chat.reply-url"));
        assertThatThrownBy(() -> noSecret.requireSettings(null)).isInstanceOfSatisfying(MissingSendingSetting.class,
                e -> assertThat(e.property()).isEqualTo("switchboard.chat.secret"));
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldRefuseAReplyUrlThatIsNoHttpUrl() {
        assertThatThrownBy(() -> sender("ftp://backend.example.com/replies", SECRET))
                .hasMessageContaining("switchboard.chat.reply-url must be an http(s) URL");
    }
}
