package io.switchboard.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.Channel;
import io.switchboard.ingress.InvalidPayloadException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An agent's reply as the contract writes it ({@code POST /conversations/{id}/replies}, and the same JSON plus
 * {@code conversationId} on {@code switchboard.outbound}). Parsing checks the shape only; whether the conversation
 * exists and the channel can take it is for the intake to decide.
 *
 * @param channel     empty: the channel of the conversation's latest contact
 * @param attachments email only, carried whole (base64 in JSON)
 */
public record ReplyCommand(String replyId, UUID conversationId, String agentId, String text, Optional<Channel> channel,
        List<OutboundMessage.Attachment> attachments) {

    /** Reply ids are the caller's; this keeps them usable as a Kafka key, a header and a Message-ID part. */
    public static final int MAX_ID_LENGTH = 200;

    public ReplyCommand {
        attachments = List.copyOf(attachments);
    }

    /**
     * @param conversationId the path's conversation id for HTTP; null for a Kafka command, which carries it in the body
     */
    public static ReplyCommand parse(JsonNode body, String conversationId) throws InvalidPayloadException {
        if (body == null || !body.isObject()) {
            throw new InvalidPayloadException(null, "the body must be a JSON object");
        }
        String given = optionalText(body, "conversationId");
        if (conversationId != null && given != null && !given.equals(conversationId)) {
            throw new InvalidPayloadException("conversationId", "conversationId in the body differs from the one in the path");
        }
        String conversation = conversationId != null ? conversationId : given;
        if (conversation == null) {
            throw new InvalidPayloadException("conversationId", "conversationId is required");
        }
        UUID conversationUuid;
        try {
            conversationUuid = UUID.fromString(conversation);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException("conversationId", "conversationId must be a UUID");
        }
        String replyId = requiredText(body, "replyId");
        if (replyId.length() > MAX_ID_LENGTH || !replyId.chars().allMatch(ReplyCommand::idCharacter)) {
            throw new InvalidPayloadException("replyId", "replyId must be at most " + MAX_ID_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -");
        }
        String agentId = requiredText(body, "agentId");
        String text = requiredText(body, "text");
        Optional<Channel> channel = Optional.empty();
        String channelName = optionalText(body, "channel");
        if (channelName != null) {
            try {
                channel = Optional.of(Channel.fromWireName(channelName));
            } catch (IllegalArgumentException e) {
                throw new InvalidPayloadException("channel", "channel must be one of phone, email, chat, wechat");
            }
        }
        return new ReplyCommand(replyId, conversationUuid, agentId, text, channel, attachments(body.get("attachments")));
    }

    /** The command as {@code switchboard.outbound} carries it. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("replyId", replyId);
        node.put("conversationId", conversationId.toString());
        node.put("agentId", agentId);
        node.put("text", text);
        channel.ifPresent(c -> node.put("channel", c.wireName()));
        if (!attachments.isEmpty()) {
            node.set("attachments", attachmentsJson(json, attachments));
        }
        return node;
    }

    public static ArrayNode attachmentsJson(ObjectMapper json, List<OutboundMessage.Attachment> attachments) {
        ArrayNode array = json.createArrayNode();
        for (OutboundMessage.Attachment a : attachments) {
            array.addObject().put("name", a.name()).put("contentType", a.contentType())
                    .put("content", Base64.getEncoder().encodeToString(a.content()));
        }
        return array;
    }

    public static List<OutboundMessage.Attachment> attachments(JsonNode array) throws InvalidPayloadException {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidPayloadException("attachments", "attachments must be an array");
        }
        List<OutboundMessage.Attachment> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isObject()) {
                throw new InvalidPayloadException("attachments", "each attachment must be an object {name, contentType, content}");
            }
            byte[] content;
            try {
                content = Base64.getDecoder().decode(requiredText(item, "content"));
            } catch (IllegalArgumentException e) {
                throw new InvalidPayloadException("attachments", "attachment content must be base64");
            }
            try {
                out.add(new OutboundMessage.Attachment(optionalText(item, "name"), optionalText(item, "contentType"),
                        content));
            } catch (IllegalArgumentException e) {
                throw new InvalidPayloadException("attachments", e.getMessage());
            }
        }
        return out;
    }

    private static boolean idCharacter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == ':' || c == '-';
    }

    private static String requiredText(JsonNode body, String field) throws InvalidPayloadException {
        String value = optionalText(body, field);
        if (value == null || value.isBlank()) {
            throw new InvalidPayloadException(field, field + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode body, String field) throws InvalidPayloadException {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidPayloadException(field, field + " must be a string");
        }
        return value.asText();
    }
}
