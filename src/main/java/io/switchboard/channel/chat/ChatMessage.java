package io.switchboard.channel.chat;

import io.switchboard.domain.ContactRecord.Attachment;
import java.time.Instant;
import java.util.List;

/**
 * A web-chat message as chat backends post it to {@code POST /webhooks/chat} (documented in README):
 * <pre>{"messageId", "sessionId", "visitor": {"id", "name", "email", "phone"}, "text", "sentAt",
 *  "locale", "widget", "attachments": [{"name", "contentType", "size", "url"}]}</pre>
 */
public record ChatMessage(
        String messageId,
        String sessionId,
        Visitor visitor,
        String text,
        Instant sentAt,
        String locale,
        String widget,
        List<Attachment> attachments) {

    public record Visitor(String id, String name, String email, String phone) {}
}
