package io.switchboard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.switchboard.ingress.TimestampedSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds chat webhook bodies and signs them the way a chat backend does. */
public final class ChatRequests {

    private ChatRequests() {}

    public static String message(String messageId, String text) {
        return """
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"visitor-%s","name":"Li Lei",\
                "email":"Li.Lei@Example.com","phone":"+86 138 0013 8000"},"text":"%s",\
                "sentAt":"2026-11-23T09:30:00Z","locale":"zh-CN","widget":"site-main",\
                "attachments":[{"name":"receipt.png","contentType":"image/png","size":2048,"url":"https://cdn.example.com/r.png"}]}"""
                .formatted(messageId, messageId, messageId, text);
    }

    /** A message from a visitor known only by a visitor id of its own: a customer, and a conversation, of its own. */
    public static String fromNewVisitor(String messageId, String text) {
        return """
                {"messageId":"%s","sessionId":"sess-%s","visitor":{"id":"visitor-%s"},"text":"%s",\
                "sentAt":"2026-11-23T09:30:00Z","locale":"zh-CN","widget":"site-main"}"""
                .formatted(messageId, messageId, messageId, text);
    }

    public static String sign(String secret, String body) {
        return TimestampedSignature.headerFor(secret, Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response post(String body) {
        return post(body, sign(GatewayInfrastructure.CHAT_SECRET, body));
    }

    public static Response post(String body, String signature) {
        return given().contentType("application/json")
                .header(TimestampedSignature.HEADER, signature)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/chat");
    }
}
