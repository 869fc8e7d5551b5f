package io.switchboard.channel.chat;

import static io.switchboard.ingress.JsonPayloads.optionalText;
import static io.switchboard.ingress.JsonPayloads.readObject;
import static io.switchboard.ingress.JsonPayloads.requiredId;
import static io.switchboard.ingress.JsonPayloads.requiredInstant;
import static io.switchboard.ingress.JsonPayloads.requiredObject;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.ContactRecord.Attachment;
import io.switchboard.ingress.InvalidPayloadException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validates a chat webhook body and reads it into a {@link ChatMessage}; errors name the field. */
public final class ChatMessageParser {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_ATTACHMENTS = 50;

    private ChatMessageParser() {}

    public static ChatMessage parse(byte[] body) {
        JsonNode root = readObject(body);
        String messageId = requiredId(root, "", "messageId");
        String sessionId = requiredId(root, "", "sessionId");
        JsonNode visitorNode = requiredObject(root, "", "visitor");
        String email = optionalText(visitorNode, "visitor.", "email").filter(s -> !s.isBlank()).orElse(null);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new InvalidPayloadException("visitor.email", "visitor.email is not an e-mail address");
        }
        ChatMessage.Visitor visitor = new ChatMessage.Visitor(
                requiredId(visitorNode, "visitor.", "id"),
                optionalText(visitorNode, "visitor.", "name").orElse(null),
                email,
                optionalText(visitorNode, "visitor.", "phone").filter(s -> !s.isBlank()).orElse(null));
        List<Attachment> attachments = attachments(root);
        String text = optionalText(root, "", "text").orElse("");
        if (text.isBlank() && attachments.isEmpty()) {
            throw new InvalidPayloadException("text", "text is required when there are no attachments");
        }
        return new ChatMessage(messageId, sessionId, visitor, text, requiredInstant(root, "", "sentAt"),
                optionalText(root, "", "locale").orElse(null), optionalText(root, "", "widget").orElse(null),
                attachments);
    }

    private static List<Attachment> attachments(JsonNode root) {
        JsonNode node = root.get("attachments");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidPayloadException("attachments", "attachments must be an array");
        }
        if (node.size() > MAX_ATTACHMENTS) {
            throw new InvalidPayloadException("attachments", "more than " + MAX_ATTACHMENTS + " attachments");
        }
        List<Attachment> attachments = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "attachments[" + i + "].";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                throw new InvalidPayloadException("attachments[" + i + "]", "attachments[" + i + "] must be an object");
            }
            JsonNode size = item.get("size");
            if (size != null && !size.isNull() && !(size.canConvertToLong() && size.longValue() >= 0)) {
                throw new InvalidPayloadException(path + "size", path + "size must be a non-negative integer");
            }
            attachments.add(new Attachment(
                    optionalText(item, path, "name").orElse(null),
                    optionalText(item, path, "contentType").orElse(null),
                    size == null || size.isNull() ? null : size.longValue(),
                    optionalText(item, path, "url").orElse(null),
                    null));
        }
        return attachments;
    }
}
