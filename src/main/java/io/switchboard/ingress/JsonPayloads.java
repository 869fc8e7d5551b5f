package io.switchboard.ingress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads webhook JSON bodies defensively and names the field that is wrong. */
public final class JsonPayloads {

    /** Deeper documents than this are hostile, not chat messages. */
    private static final int MAX_NESTING_DEPTH = 32;
    private static final int MAX_ID_LENGTH = 256;

    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build());

    private JsonPayloads() {}

    public static JsonNode readObject(byte[] body) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException(null, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPayloadException(null, "body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException(null, "body must be a JSON object");
        }
        return root;
    }

    public static String requiredId(JsonNode parent, String path, String name) {
        String value = requiredText(parent, path, name);
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidPayloadException(path + name, path + name + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidPayloadException(path + name, path + name + " contains control characters");
            }
        }
        return value;
    }

    public static String requiredText(JsonNode parent, String path, String name) {
        return optionalText(parent, path, name)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new InvalidPayloadException(path + name, path + name + " is required"));
    }

    public static Optional<String> optionalText(JsonNode parent, String path, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidPayloadException(path + name, path + name + " must be a string");
        }
        return Optional.of(node.textValue());
    }

    public static Instant requiredInstant(JsonNode parent, String path, String name) {
        String value = requiredText(parent, path, name);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPayloadException(path + name,
                    path + name + " must be an ISO-8601 date-time with offset, e.g. 2026-11-23T09:30:00Z");
        }
    }

    public static Optional<JsonNode> optionalObject(JsonNode parent, String path, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new InvalidPayloadException(path + name, path + name + " must be an object");
        }
        return Optional.of(node);
    }

    public static JsonNode requiredObject(JsonNode parent, String path, String name) {
        return optionalObject(parent, path, name)
                .orElseThrow(() -> new InvalidPayloadException(path + name, path + name + " is required"));
    }
}
