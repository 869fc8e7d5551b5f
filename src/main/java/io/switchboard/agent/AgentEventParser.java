package io.switchboard.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.Priority;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads agent-event JSON strictly: what a consumer cannot act on safely (no conversation id, a time that
 * is not ISO-8601, a transfer without a target) is malformed and goes to the dead-letter topic. A
 * well-formed event of a type this gateway does not know is returned as {@link AgentEventType#UNKNOWN}.
 */
public class AgentEventParser {

    private final ObjectMapper json;

    public AgentEventParser(ObjectMapper json) {
        this.json = json;
    }

    public AgentEvent parse(byte[] value) throws MalformedAgentEventException {
        if (value == null) {
            throw new MalformedAgentEventException("empty record value");
        }
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedAgentEventException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedAgentEventException("unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedAgentEventException("not a JSON object");
        }
        AgentEventType type = AgentEventType.fromWireName(text(root, "type", true));
        if (type == AgentEventType.UNKNOWN) {
            return new AgentEvent(type, null, null, null, null, List.of(), null);
        }
        Instant at = instant(root, "at", true);
        String agentId = text(root, "agentId", type != AgentEventType.REPLIED && type != AgentEventType.RESOLVED
                && type != AgentEventType.ROUTED && type != AgentEventType.TRANSFERRED);
        if (type.aboutAgent()) {
            return new AgentEvent(type, null, agentId, at, null, queues(root), null);
        }
        UUID conversationId = uuid(root, "conversationId");
        String queue = text(root, "queue", type == AgentEventType.TRANSFERRED || type == AgentEventType.ROUTED);
        AgentEvent.Routed routed = type == AgentEventType.ROUTED ? routed(root) : null;
        return new AgentEvent(type, conversationId, agentId, at, queue, List.of(), routed);
    }

    private AgentEvent.Routed routed(JsonNode root) throws MalformedAgentEventException {
        JsonNode record = root.get("record");
        if (record == null || !record.isObject()) {
            throw new MalformedAgentEventException("routed event without its record object");
        }
        Priority priority;
        try {
            priority = Priority.fromWireName(text(root, "priority", true));
        } catch (IllegalArgumentException e) {
            throw new MalformedAgentEventException("priority must be high, medium or low");
        }
        return new AgentEvent.Routed(priority, text(root, "customerId", true), uuid(root, "recordId"),
                text(root, "channel", true), instant(root, "receivedAt", true), instant(root, "respondBy", false),
                instant(root, "resolveBy", false), text(root, "preferredAgent", false), text(root, "rule", false),
                nextTargets(root), text(root, "escalationQueue", false), (ObjectNode) record);
    }

    private static List<AgentEvent.NextTarget> nextTargets(JsonNode root) throws MalformedAgentEventException {
        JsonNode targets = root.get("nextTargets");
        List<AgentEvent.NextTarget> out = new ArrayList<>();
        if (targets == null || targets.isNull()) {
            return out;
        }
        if (!targets.isArray()) {
            throw new MalformedAgentEventException("nextTargets must be an array");
        }
        for (JsonNode target : targets) {
            String after = text(target, "after", true);
            try {
                Duration timeout = Duration.parse(after);
                if (timeout.isNegative()) {
                    throw new MalformedAgentEventException("nextTargets.after must not be negative: " + after);
                }
                out.add(new AgentEvent.NextTarget(text(target, "queue", true), timeout));
            } catch (DateTimeParseException e) {
                throw new MalformedAgentEventException("nextTargets.after is not an ISO-8601 duration: " + after);
            }
        }
        return out;
    }

    private static List<String> queues(JsonNode root) throws MalformedAgentEventException {
        JsonNode queues = root.get("queues");
        List<String> out = new ArrayList<>();
        if (queues == null || queues.isNull()) {
            return out;
        }
        if (!queues.isArray()) {
            throw new MalformedAgentEventException("queues must be an array of queue names");
        }
        for (JsonNode queue : queues) {
            if (!queue.isTextual() || queue.asText().isBlank()) {
                throw new MalformedAgentEventException("queues must be an array of queue names");
            }
            out.add(queue.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field, boolean required) throws MalformedAgentEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                throw new MalformedAgentEventException("missing " + field);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedAgentEventException(field + " must be a string");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field, boolean required) throws MalformedAgentEventException {
        String value = text(node, field, required);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedAgentEventException(field + " is not an ISO-8601 instant: " + value);
        }
    }

    private static UUID uuid(JsonNode node, String field) throws MalformedAgentEventException {
        String value = text(node, field, true);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedAgentEventException(field + " is not a UUID: " + value);
        }
    }
}
