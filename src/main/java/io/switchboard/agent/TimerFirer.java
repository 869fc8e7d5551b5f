package io.switchboard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.domain.Priority;
import io.switchboard.store.ConversationLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fires due timers inside the caller's transaction. Each timer first wins a conditional UPDATE
 * ({@code … WHERE warned_at IS NULL}, {@code … breached_at IS NULL}, {@code … survey_sent_at IS NULL},
 * {@code … move_at = <the one armed>}); only the winner puts its event in the outbox. The caller
 * commits after the broker acknowledged the outbox, so two instances that both think they own a
 * partition during a rebalance still publish each event once: the second waits on the row lock and
 * then finds the condition false.
 */
public class TimerFirer {

    /** What one fired timer published; {@code lateness} = firing time − deadline. */
    public record Fired(LoopTimer timer, String type, Duration lateness) {}

    private final AgentFloorStore store;
    private final LoopMessages messages;

    public TimerFirer(AgentFloorStore store, LoopMessages messages) {
        this.store = store;
        this.messages = messages;
    }

    /**
     * The caller holds the conversation's lock (taken for the whole firing batch, in
     * {@link ConversationLocks}' order, like the event consumer's).
     *
     * @return the timer's published event, or null if the timer no longer applies
     */
    public Fired fire(Connection c, LoopTimer timer, Instant now, Outbox outbox, List<LoopTimer> next)
            throws SQLException {
        return switch (timer.kind()) {
            case FIRST_RESPONSE_WARNING, RESOLUTION_WARNING -> warn(c, timer, now, outbox);
            case FIRST_RESPONSE_BREACH, RESOLUTION_BREACH -> breach(c, timer, now, outbox);
            case NEXT_TARGET -> moveToNextTarget(c, timer, now, outbox, next);
            case SURVEY -> survey(c, timer, now, outbox);
        };
    }

    private Fired warn(Connection c, LoopTimer timer, Instant now, Outbox outbox) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE sla_clock SET warned_at = ? WHERE conversation_id = ?"
                + " AND kind = ? AND warned_at IS NULL AND breached_at IS NULL AND stopped_at IS NULL AND warn_at <= ?"
                + " RETURNING queue, priority, warn_at, due_at")) {
            bindClock(s, timer, now);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Instant warnAt = rs.getTimestamp(3).toInstant();
                LoopMessages.ClockEvent clock = new LoopMessages.ClockEvent(timer.conversationId(), timer.kind().clock(),
                        rs.getString(1), Priority.fromWireName(rs.getString(2)), rs.getTimestamp(4).toInstant());
                outbox.add(messages.warning(clock, warnAt, now));
                return new Fired(timer, "sla-warning", Duration.between(warnAt, now));
            }
        }
    }

    /**
     * A breach publishes {@code sla-breach}, then re-routes: the latest record goes to the rule's
     * escalation queue (else the same queue) one priority higher, unassigned, and {@code escalated} says so.
     */
    private Fired breach(Connection c, LoopTimer timer, Instant now, Outbox outbox) throws SQLException {
        LoopMessages.ClockEvent clock;
        String escalationQueue;
        try (PreparedStatement s = c.prepareStatement("UPDATE sla_clock SET breached_at = ? WHERE conversation_id = ?"
                + " AND kind = ? AND breached_at IS NULL AND stopped_at IS NULL AND due_at <= ?"
                + " RETURNING queue, priority, due_at, escalation_queue")) {
            bindClock(s, timer, now);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                clock = new LoopMessages.ClockEvent(timer.conversationId(), timer.kind().clock(), rs.getString(1),
                        Priority.fromWireName(rs.getString(2)), rs.getTimestamp(3).toInstant());
                escalationQueue = rs.getString(4);
            }
        }
        outbox.add(messages.escalation("sla-breach", clock, now));
        AgentFloorStore.Routing routing = store.routing(c, timer.conversationId());
        if (routing != null) {
            String queue = escalationQueue != null ? escalationQueue : clock.queue();
            Priority raised = raise(routing.priority());
            try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET assigned_agent = NULL, state ="
                    + " CASE WHEN state = 'responded' THEN 'responded' ELSE 'open' END"
                    + " WHERE id = ? AND state IN ('open', 'assigned', 'responded')")) {
                s.setObject(1, timer.conversationId());
                s.executeUpdate();
            }
            store.stopWaiting(c, timer.conversationId());
            store.waitIn(c, timer.conversationId(), routing.latestRecordId(), queue, raised, now);
            outbox.add(messages.onLane(routing.latestRecord(), queue, raised));
            outbox.add(messages.escalated(clock, queue, raised, now));
        }
        return new Fired(timer, "sla-breach", Duration.between(clock.dueAt(), now));
    }

    /** An unclaimed contact moves on to the rule's next target; the one after it is armed. */
    private Fired moveToNextTarget(Connection c, LoopTimer timer, Instant now, Outbox outbox, List<LoopTimer> next)
            throws SQLException {
        String targets;
        try (PreparedStatement s = c.prepareStatement("SELECT next_targets FROM loop_conversation"
                + " WHERE conversation_id = ? AND move_at <= ? AND EXISTS (SELECT 1 FROM queue_waiting w"
                + " WHERE w.conversation_id = loop_conversation.conversation_id)")) {
            s.setObject(1, timer.conversationId());
            s.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                targets = rs.getString(1);
            }
        }
        ArrayNode remaining = (ArrayNode) store.read(targets);
        AgentFloorStore.Routing routing = store.routing(c, timer.conversationId());
        if (remaining.isEmpty() || routing == null) {
            return null;
        }
        JsonNode target = remaining.remove(0);
        Instant moveAt = remaining.isEmpty() ? null : now.plus(Duration.parse(remaining.get(0).path("after").asText()));
        try (PreparedStatement s = c.prepareStatement("UPDATE loop_conversation SET next_targets = ?, move_at = ?"
                + " WHERE conversation_id = ?")) {
            s.setString(1, store.write(remaining));
            s.setTimestamp(2, moveAt == null ? null : Timestamp.from(moveAt));
            s.setObject(3, timer.conversationId());
            s.executeUpdate();
        }
        String queue = target.path("queue").asText();
        store.waitIn(c, timer.conversationId(), routing.latestRecordId(), queue, routing.priority(), now);
        outbox.add(messages.onLane(routing.latestRecord(), queue, routing.priority()));
        if (moveAt != null) {
            next.add(new LoopTimer(timer.partition(), timer.conversationId(), LoopTimer.Kind.NEXT_TARGET, moveAt));
        }
        return new Fired(timer, "moved", Duration.between(timer.dueAt(), now));
    }

    private Fired survey(Connection c, LoopTimer timer, Instant now, Outbox outbox) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE loop_conversation l SET survey_sent_at = ?"
                + " FROM conversation c WHERE l.conversation_id = ? AND c.id = l.conversation_id"
                + " AND l.survey_sent_at IS NULL AND l.survey_due_at <= ?"
                + " RETURNING coalesce(l.customer_id, c.customer_id::text), l.channel, l.survey_agent,"
                + " l.survey_resolved_at, l.survey_due_at")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setObject(2, timer.conversationId());
            s.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                outbox.add(messages.survey(new LoopMessages.SurveyRequest(timer.conversationId(), rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()), now));
                return new Fired(timer, "survey", Duration.between(rs.getTimestamp(5).toInstant(), now));
            }
        }
    }

    private static void bindClock(PreparedStatement s, LoopTimer timer, Instant now) throws SQLException {
        s.setTimestamp(1, Timestamp.from(now));
        s.setObject(2, timer.conversationId());
        s.setString(3, timer.kind().clock());
        s.setTimestamp(4, Timestamp.from(now));
    }

    static Priority raise(Priority priority) {
        return priority == Priority.LOW ? Priority.MEDIUM : Priority.HIGH;
    }
}
