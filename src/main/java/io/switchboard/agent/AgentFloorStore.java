package io.switchboard.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.domain.Priority;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of the agent floor (V2 conversation columns, V3 tables, V4 loop_conversation). Every method
 * runs inside the caller's transaction; the loop is the only writer of these rows, and per
 * conversation the only writer is the owner of its agent-events partition, so row locks only ever
 * wait on a timer firing for the same conversation.
 */
public class AgentFloorStore {

    /** The row of loop_conversation that re-routing needs. */
    public record Routing(String latestRecord, UUID latestRecordId, Priority priority, String queue) {}

    private final ObjectMapper json;
    private final double warnFraction;

    public AgentFloorStore(ObjectMapper json, double warnFraction) {
        this.json = json;
        this.warnFraction = warnFraction;
    }

    /**
     * The conversation, locked for this transaction in {@link io.switchboard.store.ConversationLocks}' mode
     * (the agent loop already holds it, having locked its poll's conversations in order); null if the
     * gateway never opened it.
     */
    public ConversationStateMachine.Conversation lock(Connection c, UUID conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT c.state, l.last_event_at, l.last_event_identity"
                + " FROM conversation c LEFT JOIN loop_conversation l ON l.conversation_id = c.id"
                + " WHERE c.id = ? FOR NO KEY UPDATE OF c")) {
            s.setObject(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp last = rs.getTimestamp(2);
                return new ConversationStateMachine.Conversation(rs.getString(1), last == null ? null : last.toInstant(),
                        rs.getString(3));
            }
        }
    }

    public void recordApplied(Connection c, AgentEvent event, int partition) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO loop_conversation (conversation_id,"
                + " events_partition, last_event_at, last_event_identity) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (conversation_id) DO UPDATE SET events_partition = excluded.events_partition,"
                + " last_event_at = excluded.last_event_at, last_event_identity = excluded.last_event_identity")) {
            s.setObject(1, event.conversationId());
            s.setInt(2, partition);
            s.setTimestamp(3, Timestamp.from(event.at()));
            s.setString(4, event.identity());
            s.executeUpdate();
        }
    }

    /** @param agent the agent to set; null keeps the current one unless {@code clearAgent} */
    public void setState(Connection c, UUID conversationId, String state, String agent, boolean clearAgent)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET state = ?, assigned_agent ="
                + " CASE WHEN ? THEN NULL ELSE coalesce(?, assigned_agent) END WHERE id = ?")) {
            s.setString(1, state);
            s.setBoolean(2, clearAgent);
            s.setString(3, agent);
            s.setObject(4, conversationId);
            s.executeUpdate();
        }
    }

    /**
     * routed: the conversation takes the record's queue and priority, the record waits on its lane, the
     * record becomes the one re-published on moves, and the rule's next targets are armed.
     *
     * @return the moment the first next target is due, or null
     */
    public Instant enqueueRouted(Connection c, AgentEvent event) throws SQLException {
        AgentEvent.Routed routed = event.routed();
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET queue = ?, priority = ? WHERE id = ?")) {
            s.setString(1, event.queue());
            s.setString(2, routed.priority().wireName());
            s.setObject(3, event.conversationId());
            s.executeUpdate();
        }
        Instant moveAt = routed.nextTargets().isEmpty() ? null : event.at().plus(routed.nextTargets().get(0).after());
        try (PreparedStatement s = c.prepareStatement("UPDATE loop_conversation SET customer_id = ?, channel = ?,"
                + " latest_record_id = ?, latest_record = ?, next_targets = ?, move_at = ? WHERE conversation_id = ?")) {
            s.setString(1, routed.customerId());
            s.setString(2, routed.channel());
            s.setObject(3, routed.recordId());
            s.setString(4, write(routed.record()));
            s.setString(5, write(targets(routed.nextTargets())));
            s.setTimestamp(6, moveAt == null ? null : Timestamp.from(moveAt));
            s.setObject(7, event.conversationId());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO queue_waiting (record_id, conversation_id, queue,"
                + " priority, waiting_since) VALUES (?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING")) {
            s.setObject(1, routed.recordId());
            s.setObject(2, event.conversationId());
            s.setString(3, event.queue());
            s.setString(4, routed.priority().wireName());
            s.setTimestamp(5, Timestamp.from(event.at()));
            s.executeUpdate();
        }
        return moveAt;
    }

    /**
     * Starts the SLA clocks of a routed record: each clock that is not there yet, or (when
     * {@code restart}, a reopened conversation) each clock afresh. The first-response clock is left
     * alone once somebody replied and the conversation was not reopened.
     *
     * @return the timers of the clocks written
     */
    public List<LoopTimer> startClocks(Connection c, AgentEvent event, int partition, boolean restart, boolean responded)
            throws SQLException {
        AgentEvent.Routed routed = event.routed();
        List<LoopTimer> timers = new ArrayList<>();
        if (routed.respondBy() != null && (restart || !responded)) {
            startClock(c, event, partition, "first-response", routed.respondBy(), restart, timers);
        }
        if (routed.resolveBy() != null) {
            startClock(c, event, partition, "resolution", routed.resolveBy(), restart, timers);
        }
        return timers;
    }

    private void startClock(Connection c, AgentEvent event, int partition, String kind, Instant due, boolean restart,
            List<LoopTimer> timers) throws SQLException {
        AgentEvent.Routed routed = event.routed();
        Instant started = routed.receivedAt().isAfter(due) ? due : routed.receivedAt();
        Instant warn = started.plusNanos((long) (Duration.between(started, due).toNanos() * warnFraction));
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sla_clock (conversation_id, kind, events_partition,"
                + " queue, priority, escalation_queue, started_at, warn_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (conversation_id, kind) DO " + (restart ? "UPDATE SET events_partition ="
                + " excluded.events_partition, queue = excluded.queue, priority = excluded.priority, escalation_queue ="
                + " excluded.escalation_queue, started_at = excluded.started_at, warn_at = excluded.warn_at, due_at ="
                + " excluded.due_at, warned_at = NULL, breached_at = NULL, stopped_at = NULL" : "NOTHING"))) {
            s.setObject(1, event.conversationId());
            s.setString(2, kind);
            s.setInt(3, partition);
            s.setString(4, event.queue());
            s.setString(5, routed.priority().wireName());
            s.setString(6, routed.escalationQueue());
            s.setTimestamp(7, Timestamp.from(started));
            s.setTimestamp(8, Timestamp.from(warn));
            s.setTimestamp(9, Timestamp.from(due));
            if (s.executeUpdate() == 1) {
                timers.add(new LoopTimer(partition, event.conversationId(), LoopTimer.Kind.warning(kind), warn));
                timers.add(new LoopTimer(partition, event.conversationId(), LoopTimer.Kind.breach(kind), due));
            }
        }
    }

    public void stopClock(Connection c, UUID conversationId, String kind, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE sla_clock SET stopped_at = ?"
                + " WHERE conversation_id = ? AND kind = ? AND stopped_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, conversationId);
            s.setString(3, kind);
            s.executeUpdate();
        }
    }

    /** The conversation's contacts stop waiting; the rule's remaining targets no longer apply. */
    public void stopWaiting(Connection c, UUID conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM queue_waiting WHERE conversation_id = ?")) {
            s.setObject(1, conversationId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE loop_conversation SET next_targets = '[]', move_at = NULL"
                + " WHERE conversation_id = ?")) {
            s.setObject(1, conversationId);
            s.executeUpdate();
        }
    }

    /**
     * The first {@code resolved} of a conversation owes a survey at {@code dueAt}; later ones (resolved
     * twice, or again after a reopen) owe nothing: at most one survey per conversation.
     *
     * @return whether this call set the survey up
     */
    public boolean requestSurvey(Connection c, AgentEvent event, Instant dueAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE loop_conversation l SET survey_due_at = ?,"
                + " survey_resolved_at = ?, survey_agent = coalesce(?, c.assigned_agent) FROM conversation c"
                + " WHERE l.conversation_id = ? AND c.id = l.conversation_id AND l.survey_due_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(dueAt));
            s.setTimestamp(2, Timestamp.from(event.at()));
            s.setString(3, event.agentId());
            s.setObject(4, event.conversationId());
            return s.executeUpdate() == 1;
        }
    }

    /** What re-publishing the conversation's latest record needs; null if no record was ever routed. */
    public Routing routing(Connection c, UUID conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT l.latest_record, l.latest_record_id, c.priority, c.queue"
                + " FROM loop_conversation l JOIN conversation c ON c.id = l.conversation_id"
                + " WHERE l.conversation_id = ? AND l.latest_record IS NOT NULL")) {
            s.setObject(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String priority = rs.getString(3);
                return new Routing(rs.getString(1), (UUID) rs.getObject(2),
                        priority == null ? Priority.MEDIUM : Priority.fromWireName(priority), rs.getString(4));
            }
        }
    }

    /**
     * The conversation now waits in {@code queue} at {@code priority}: its column, its latest record as
     * the only waiting contact, and its running clocks' lane (what GET /queues counts as at risk).
     */
    public void waitIn(Connection c, UUID conversationId, UUID recordId, String queue, Priority priority, Instant since)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET queue = ?, priority = ? WHERE id = ?")) {
            s.setString(1, queue);
            s.setString(2, priority.wireName());
            s.setObject(3, conversationId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM queue_waiting WHERE conversation_id = ?")) {
            s.setObject(1, conversationId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO queue_waiting (record_id, conversation_id, queue,"
                + " priority, waiting_since) VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, recordId);
            s.setObject(2, conversationId);
            s.setString(3, queue);
            s.setString(4, priority.wireName());
            s.setTimestamp(5, Timestamp.from(since));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE sla_clock SET queue = ?, priority = ?"
                + " WHERE conversation_id = ? AND stopped_at IS NULL")) {
            s.setString(1, queue);
            s.setString(2, priority.wireName());
            s.setObject(3, conversationId);
            s.executeUpdate();
        }
    }

    /** A conversation with no routed record to re-publish still takes its new queue. */
    public void setQueue(Connection c, UUID conversationId, String queue) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET queue = ? WHERE id = ?")) {
            s.setString(1, queue);
            s.setObject(2, conversationId);
            s.executeUpdate();
        }
    }

    /** agent-online / agent-offline; an event older than the stored one changes nothing. */
    public boolean presence(Connection c, AgentEvent event) throws SQLException {
        boolean online = event.type() == AgentEventType.AGENT_ONLINE;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO agent_presence (agent_id, online, queues, changed_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET online = excluded.online,"
                + " queues = CASE WHEN excluded.online THEN excluded.queues ELSE agent_presence.queues END,"
                + " changed_at = excluded.changed_at WHERE agent_presence.changed_at < excluded.changed_at")) {
            s.setString(1, event.agentId());
            s.setBoolean(2, online);
            Array queues = c.createArrayOf("text", event.queues().toArray());
            s.setArray(3, queues);
            s.setTimestamp(4, Timestamp.from(event.at()));
            return s.executeUpdate() == 1;
        }
    }

    /** Every pending timer of {@code partition}: running SLA clocks, armed next targets, owed surveys. */
    public List<LoopTimer> pendingTimers(Connection c, int partition) throws SQLException {
        List<LoopTimer> timers = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id, kind, warn_at, due_at, warned_at"
                + " FROM sla_clock WHERE events_partition = ? AND stopped_at IS NULL AND breached_at IS NULL")) {
            s.setInt(1, partition);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = (UUID) rs.getObject(1);
                    String kind = rs.getString(2);
                    if (rs.getTimestamp(5) == null) {
                        timers.add(new LoopTimer(partition, id, LoopTimer.Kind.warning(kind), rs.getTimestamp(3).toInstant()));
                    }
                    timers.add(new LoopTimer(partition, id, LoopTimer.Kind.breach(kind), rs.getTimestamp(4).toInstant()));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT conversation_id, move_at, CASE WHEN survey_sent_at IS NULL THEN survey_due_at END"
                + " FROM loop_conversation"
                + " WHERE events_partition = ? AND (move_at IS NOT NULL"
                + " OR (survey_due_at IS NOT NULL AND survey_sent_at IS NULL))")) {
            s.setInt(1, partition);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = (UUID) rs.getObject(1);
                    Timestamp move = rs.getTimestamp(2);
                    if (move != null) {
                        timers.add(new LoopTimer(partition, id, LoopTimer.Kind.NEXT_TARGET, move.toInstant()));
                    }
                    Timestamp survey = rs.getTimestamp(3);
                    if (survey != null) {
                        timers.add(new LoopTimer(partition, id, LoopTimer.Kind.SURVEY, survey.toInstant()));
                    }
                }
            }
        }
        return timers;
    }

    JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + node, e);
        }
    }

    private ArrayNode targets(List<AgentEvent.NextTarget> targets) {
        ArrayNode array = json.createArrayNode();
        for (AgentEvent.NextTarget target : targets) {
            array.addObject().put("queue", target.queue()).put("after", target.after().toString());
        }
        return array;
    }
}
