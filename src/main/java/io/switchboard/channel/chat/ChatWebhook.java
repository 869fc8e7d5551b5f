package io.switchboard.channel.chat;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.ingress.DurableIntake;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.ingress.WebhookRefusals;
import io.switchboard.ops.IngressMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /webhooks/chat}: verify the signature on the raw bytes, validate, store durably, answer 202. */
@Singleton
public class ChatWebhook {

    private final TimestampedSignature signature;
    private final DurableIntake intake;
    private final IngressMetrics metrics;

    @Inject
    public ChatWebhook(SwitchboardConfig config, DurableIntake intake, IngressMetrics metrics) {
        this.signature = new TimestampedSignature(config.chat().secret().orElse(List.of()),
                config.chat().signatureTolerance(), Clock.systemUTC());
        this.intake = intake;
        this.metrics = metrics;
    }

    public void handle(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        ChatMessage message;
        try {
            signature.verify(ctx.request().getHeader(TimestampedSignature.HEADER), body);
            message = ChatMessageParser.parse(body);
        } catch (SignatureRejectedException e) {
            WebhookRefusals.signature(ctx.response(), metrics, Channel.CHAT, e);
            return;
        } catch (InvalidPayloadException e) {
            WebhookRefusals.payload(ctx.response(), metrics, Channel.CHAT, e);
            return;
        }
        RawMessage raw = new RawMessage(Channel.CHAT, message.messageId(), Instant.now(), "application/json", Map.of(),
                body);
        intake.store(ctx, raw, stored -> stored.response()
                .setStatusCode(202)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("id", raw.recordId()).put("messageId", message.messageId()).encode()));
    }
}
