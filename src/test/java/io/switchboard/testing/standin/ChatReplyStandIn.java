package io.switchboard.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.ingress.TimestampedSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat widget backend receiving Switchboard's replies on {@code POST /replies} (PROTOCOLS.md §7.5): it checks
 * {@code X-Switchboard-Signature} with the shared secret (401 when it does not match), requires
 * {@code Idempotency-Key} (400 without) and treats a second request with a key it has seen as the same delivery,
 * answering 200 with the first delivery's id: what a backend that drops resends does.
 */
public final class ChatReplyStandIn extends StandInServer {

    public static final String PATH = "/replies";

    private final TimestampedSignature signature;
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** One reply as the backend took it, by its Idempotency-Key. */
    public record Delivery(String id, String idempotencyKey, JsonNode body) {}

    public ChatReplyStandIn(String secret) {
        super("chat-backend");
        this.signature = new TimestampedSignature(List.of(secret), Duration.ofMinutes(5), Clock.systemUTC());
    }

    public String replyUrl() {
        return baseUrl() + PATH;
    }

    /** Replies delivered, once each whatever the number of sends. */
    public Map<String, Delivery> deliveries() {
        return Map.copyOf(deliveries);
    }

    @Override
    protected Answer answer(Request request) {
        if (!request.path().equals(PATH) || !request.method().equals("POST")) {
            return Answer.json(404, "{\"error\":\"not-found\"}");
        }
        try {
            signature.verify(request.header(TimestampedSignature.HEADER), request.body());
        } catch (SignatureRejectedException e) {
            return Answer.json(401, object().put("error", "signature").put("message", e.getMessage()));
        }
        String key = request.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            return Answer.json(400, object().put("error", "idempotency-key").put("message", "Idempotency-Key is required"));
        }
        JsonNode body = request.json();
        if (!body.isObject() || body.path("text").asText("").isEmpty()) {
            return Answer.json(400, object().put("error", "body").put("message", "a reply needs text"));
        }
        Delivery delivery = deliveries.computeIfAbsent(key, k -> new Delivery("chat-msg-" + ids.incrementAndGet(), k, body));
        return Answer.json(200, object().put("id", delivery.id()));
    }
}
