package io.switchboard.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event of {@code switchboard.agent-events}: what an agent tool reports ({@code claimed}, {@code replied},
 * {@code resolved}, {@code transferred}, {@code agent-online}, {@code agent-offline}) or the gateway's own
 * {@code routed}, whose details are in {@link #routed()}.
 *
 * @param conversationId null for agent-online / agent-offline
 * @param queue the target queue of {@code transferred}, the chosen queue of {@code routed}
 * @param queues agent-online's queues; empty means every queue
 */
public record AgentEvent(AgentEventType type, UUID conversationId, String agentId, Instant at, String queue,
        List<String> queues, Routed routed) {

    /** What the pipeline knew when it put a record on a queue lane (docs/contract.md, "The routed event"). */
    public record Routed(Priority priority, String customerId, UUID recordId, String channel, Instant receivedAt,
            Instant respondBy, Instant resolveBy, String preferredAgent, String rule, List<NextTarget> nextTargets,
            String escalationQueue, ObjectNode record) {}

    /** A later target of the rule: an unclaimed contact moves to {@code queue} after waiting {@code after}. */
    public record NextTarget(String queue, Duration after) {}

    /** Tells two different events with the same {@code at} apart, and a redelivered event from a new one. */
    public String identity() {
        String detail = switch (type) {
            case ROUTED -> routed.recordId().toString();
            case TRANSFERRED -> queue;
            default -> "";
        };
        return type.wireName() + "|" + at + "|" + (agentId == null ? "" : agentId) + "|" + detail;
    }
}
