package io.switchboard.routing;

import io.switchboard.domain.Priority;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads what the agent-event loop keeps about the floor (V3 tables and the conversation's queue and
 * agent): one query per question and per pipeline batch, never per record.
 */
@Singleton
public class FloorReader {

    /** The queue and agent a conversation is with; the agent is null until someone claims it. */
    public record Assignment(String queue, String agentId, boolean agentOffline) {}

    /** Contacts waiting unclaimed in a queue, over all its lanes. */
    public record Backlog(long waiting, Duration oldestWait) {
        public static final Backlog EMPTY = new Backlog(0, Duration.ZERO);
    }

    public record Lane(String priority, long depth, long oldestWaitSeconds, long slaAtRisk) {}

    public record QueueView(String queue, long agentsOnline, List<Lane> lanes) {}

    public record FloorView(Instant at, long agentsOnline, List<QueueView> queues) {}

    private final DataSource dataSource;

    @Inject
    public FloorReader(Database database) {
        this(database.dataSource());
    }

    public FloorReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The assignment of each conversation that has a queue and is not closed. An agent counts as offline
     * only when its last presence event said so: agent tools that never report presence keep stickiness.
     */
    public Map<String, Assignment> assignments(Collection<String> conversationIds) throws SQLException {
        Map<String, Assignment> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT c.id, c.queue, c.assigned_agent,"
                        + " coalesce(NOT p.online, false) FROM conversation c"
                        + " LEFT JOIN agent_presence p ON p.agent_id = c.assigned_agent"
                        + " WHERE c.id = ANY (?) AND c.state <> 'closed' AND c.queue IS NOT NULL")) {
            s.setArray(1, c.createArrayOf("uuid", conversationIds.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Assignment(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** The backlog of every queue that has one. */
    public Map<String, Backlog> backlogs(Instant now) throws SQLException {
        Map<String, Backlog> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT queue, count(*), min(waiting_since) FROM queue_waiting GROUP BY queue");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Backlog(rs.getLong(2), wait(rs.getTimestamp(3).toInstant(), now)));
            }
        }
        return out;
    }

    /** GET /queues: every configured queue with its three lanes, even when empty. */
    public FloorView view(Set<String> queues, Instant now) throws SQLException {
        Map<String, long[]> lanes = new HashMap<>();
        Map<String, Long> online = new HashMap<>();
        long agentsOnline;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT queue, priority, count(*), min(waiting_since)"
                    + " FROM queue_waiting GROUP BY queue, priority");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long[] lane = lanes.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new long[3]);
                    lane[0] = rs.getLong(3);
                    lane[1] = wait(rs.getTimestamp(4).toInstant(), now).toSeconds();
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT queue, priority, count(DISTINCT conversation_id)"
                    + " FROM sla_clock WHERE stopped_at IS NULL AND warn_at <= ? GROUP BY queue, priority")) {
                s.setTimestamp(1, java.sql.Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        lanes.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new long[3])[2] = rs.getLong(3);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM agent_presence WHERE online");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                agentsOnline = rs.getLong(1);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT q, count(*) FROM agent_presence p,"
                    + " unnest(?::text[]) AS q WHERE p.online AND (cardinality(p.queues) = 0 OR q = ANY (p.queues))"
                    + " GROUP BY q")) {
                Array names = c.createArrayOf("text", queues.toArray());
                s.setArray(1, names);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        online.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        List<QueueView> views = new ArrayList<>();
        for (String queue : queues) {
            List<Lane> laneViews = new ArrayList<>();
            for (Priority p : Priority.values()) {
                long[] lane = lanes.getOrDefault(queue + "/" + p.wireName(), new long[3]);
                laneViews.add(new Lane(p.wireName(), lane[0], lane[1], lane[2]));
            }
            views.add(new QueueView(queue, online.getOrDefault(queue, 0L), laneViews));
        }
        return new FloorView(now, agentsOnline, views);
    }

    private static Duration wait(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
