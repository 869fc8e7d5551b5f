package io.switchboard.channel.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.outbound.ChannelSender;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Chat replies: a JSON POST to {@code switchboard.chat.reply-url}, signed with {@code X-Switchboard-Signature}
 * exactly as the chat backend signs what it posts to us (with the first, current, {@code switchboard.chat.secret}),
 * and {@code Idempotency-Key: <replyId>} so the backend can drop a resend.
 * <pre>{"replyId", "conversationId", "sessionId", "visitorId", "text", "language", "automatic", "sentAt"}</pre>
 * 2xx: sent (the answer's {@code "id"}, if any, is the provider id); 408/425/429/5xx and no answer: retryable;
 * any other 4xx: failed.
 */
@Singleton
public class ChatReplySender implements ChannelSender {

    static final String REPLY_URL = "switchboard.chat.reply-url";
    static final String SECRET = "switchboard.chat.secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<URI> replyUrl;
    private final Optional<String> secret;
    private final OutboundHttp http;

    @Inject
    public ChatReplySender(SwitchboardConfig config, OutboundHttp http) {
        this.replyUrl = config.chat().replyUrl().filter(s -> !s.isBlank()).map(url -> OutboundHttp.url(REPLY_URL, url));
        this.secret = config.chat().secret().orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .findFirst();
        this.http = http;
    }

    @Override
    public Channel channel() {
        return Channel.CHAT;
    }

    @Override
    public boolean recognisesResends() {
        return true;
    }

    @Override
    public void requireSettings(String account) {
        if (replyUrl.isEmpty()) {
            throw new MissingSendingSetting(REPLY_URL, "chat replies have nowhere to go");
        }
        if (secret.isEmpty()) {
            throw new MissingSendingSetting(SECRET, "chat replies are signed with it");
        }
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        requireSettings(message.account());
        Instant now = http.clock().instant();
        byte[] body = body(message, now);
        HttpRequest request = http.request(replyUrl.orElseThrow())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(TimestampedSignature.HEADER, TimestampedSignature.headerFor(secret.orElseThrow(),
                        now.getEpochSecond(), body))
                .header("Idempotency-Key", message.replyId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, response -> outcome(response, message, now));
    }

    private SendOutcome outcome(HttpResponse<byte[]> response, OutboundMessage message, Instant now) {
        int status = response.statusCode();
        if (OutboundHttp.success(status)) {
            return new SendOutcome.Sent(providerId(response.body()).orElse(message.replyId()), now);
        }
        String answer = OutboundHttp.excerpt(response.body());
        if (OutboundHttp.retryableStatus(status)) {
            return http.retryable(response, "chat backend answered " + status + answer);
        }
        return new SendOutcome.Failed("http-" + status, "chat backend refused the reply with " + status + answer);
    }

    static byte[] body(OutboundMessage message, Instant sentAt) {
        ObjectNode json = JSON.createObjectNode()
                .put("replyId", message.replyId())
                .put("conversationId", message.conversationId())
                .put("sessionId", message.recipient().session())
                .put("visitorId", message.recipient().address())
                .put("text", message.text())
                .put("language", message.language())
                .put("automatic", message.automatic())
                .put("sentAt", sentAt.toString());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static Optional<String> providerId(byte[] body) {
        try {
            JsonNode answer = JSON.readTree(body);
            return answer != null && answer.path("id").isValueNode() ? Optional.of(answer.get("id").asText())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a 2xx without a JSON body is as good as one with
        }
    }
}
