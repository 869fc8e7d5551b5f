package io.switchboard.customer;

import io.switchboard.domain.Identity;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of the customer tables, every statement set-based ({@code = ANY(?)}, {@code unnest}) so a
 * whole pipeline batch costs a handful of round trips. Methods work on the caller's connection and
 * transaction; the callers decide what to lock and when to commit.
 */
public final class CustomerStore {

    /** Identity types a merge guard has to see (see {@link IdentityKeys#exclusiveScope}). */
    static final String[] EXCLUSIVE_TYPES = {IdentityKeys.CRM, IdentityKeys.WECHAT_UNIONID, IdentityKeys.WECHAT_OPENID};

    public record CustomerRow(UUID id, boolean vip, long contactCount, Instant createdAt, Instant lastContactAt,
            UUID mergedInto, Instant erasedAt) {}

    public record Conversation(UUID id, UUID customerId, String state, String queue, String assignedAgent,
            String priority, Instant openedAt, Instant lastContactAt) {}

    public record Contact(UUID recordId, UUID conversationId, String channel, Instant receivedAt, String summary,
            String direction) {}

    public record MergeOutcome(UUID mergeId, List<Identity> movedIdentities) {}

    private CustomerStore() {}

    // --- identities --------------------------------------------------------------------------------

    /** Who holds an identity, and how far that link is proved. */
    public record Link(UUID customer, IdentityTrust trust) {}

    /** Owner of each identity that has one. */
    public static Map<Identity, UUID> owners(Connection c, Collection<Identity> identities) throws SQLException {
        Map<Identity, UUID> owners = new HashMap<>();
        links(c, identities).forEach((identity, link) -> owners.put(identity, link.customer()));
        return owners;
    }

    /** The link of each identity that has one. */
    public static Map<Identity, Link> links(Connection c, Collection<Identity> identities) throws SQLException {
        Map<Identity, Link> links = new HashMap<>();
        if (identities.isEmpty()) {
            return links;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT i.type, i.value, i.customer_id, i.trust"
                + " FROM unnest(?::text[], ?::text[]) AS q(type, value)"
                + " JOIN customer_identity i ON i.type = q.type AND i.value = q.value")) {
            s.setArray(1, texts(c, identities.stream().map(Identity::type).toList()));
            s.setArray(2, texts(c, identities.stream().map(Identity::value).toList()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    links.put(new Identity(rs.getString(1), rs.getString(2)),
                            new Link(rs.getObject(3, UUID.class), IdentityTrust.fromWireName(rs.getString(4))));
                }
            }
        }
        return links;
    }

    /** Claims unowned identities for the given customers; identities someone else holds are left alone. */
    public static void claim(Connection c, List<Identity> identities, List<UUID> customers, List<IdentityTrust> trusts,
            String linkedBy) throws SQLException {
        if (identities.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO customer_identity (type, value, customer_id, trust,"
                + " linked_by) SELECT q.type, q.value, q.customer_id, q.trust, ?"
                + " FROM unnest(?::text[], ?::text[], ?::uuid[], ?::text[]) AS q(type, value, customer_id, trust)"
                + " ON CONFLICT (type, value) DO NOTHING")) {
            s.setString(1, linkedBy);
            s.setArray(2, texts(c, identities.stream().map(Identity::type).toList()));
            s.setArray(3, texts(c, identities.stream().map(Identity::value).toList()));
            s.setArray(4, uuids(c, customers));
            s.setArray(5, texts(c, trusts.stream().map(IdentityTrust::wireName).toList()));
            s.executeUpdate();
        }
    }

    /** Sets how far the links are proved (a contact proved more than the link knew, or took a declared one over). */
    public static void retrust(Connection c, Map<Identity, IdentityTrust> trusts) throws SQLException {
        if (trusts.isEmpty()) {
            return;
        }
        List<Identity> identities = new ArrayList<>(trusts.keySet());
        try (PreparedStatement s = c.prepareStatement("UPDATE customer_identity i SET trust = q.trust"
                + " FROM unnest(?::text[], ?::text[], ?::text[]) AS q(type, value, trust)"
                + " WHERE i.type = q.type AND i.value = q.value")) {
            s.setArray(1, texts(c, identities.stream().map(Identity::type).toList()));
            s.setArray(2, texts(c, identities.stream().map(Identity::value).toList()));
            s.setArray(3, texts(c, identities.stream().map(i -> trusts.get(i).wireName()).toList()));
            s.executeUpdate();
        }
    }

    /** Re-points identities to new owners. */
    public static void move(Connection c, Map<Identity, UUID> newOwners, String linkedBy) throws SQLException {
        if (newOwners.isEmpty()) {
            return;
        }
        List<Identity> identities = new ArrayList<>(newOwners.keySet());
        try (PreparedStatement s = c.prepareStatement("UPDATE customer_identity i SET customer_id = q.customer_id,"
                + " linked_by = ?, linked_at = now() FROM unnest(?::text[], ?::text[], ?::uuid[]) AS q(type, value, customer_id)"
                + " WHERE i.type = q.type AND i.value = q.value")) {
            s.setString(1, linkedBy);
            s.setArray(2, texts(c, identities.stream().map(Identity::type).toList()));
            s.setArray(3, texts(c, identities.stream().map(Identity::value).toList()));
            s.setArray(4, uuids(c, identities.stream().map(newOwners::get).toList()));
            s.executeUpdate();
        }
    }

    public static Map<UUID, Set<Identity>> exclusiveIdentities(Connection c, Collection<UUID> customers) throws SQLException {
        Map<UUID, Set<Identity>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT customer_id, type, value FROM customer_identity"
                + " WHERE customer_id = ANY (?) AND type = ANY (?)")) {
            s.setArray(1, uuids(c, customers));
            s.setArray(2, c.createArrayOf("text", EXCLUSIVE_TYPES));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>())
                            .add(new Identity(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The customer's latest answered satisfaction surveys, newest first: what agents see in the context. */
    public static List<Map<String, Object>> surveyAnswers(Connection c, UUID customer, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT s.conversation_id, s.channel, s.agent_id, s.score,"
                + " s.comment, s.answered_at FROM survey s JOIN conversation v ON v.id = s.conversation_id"
                + " WHERE v.customer_id = ? AND s.answered_at IS NOT NULL ORDER BY s.answered_at DESC LIMIT ?")) {
            s.setObject(1, customer);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("conversationId", rs.getObject(1, UUID.class).toString());
                    answer.put("channel", rs.getString(2));
                    answer.put("agentId", rs.getString(3));
                    answer.put("score", rs.getInt(4));
                    answer.put("comment", rs.getString(5));
                    answer.put("answeredAt", rs.getTimestamp(6).toInstant().toString());
                    out.add(answer);
                }
            }
        }
        return out;
    }

    public static List<Identity> identitiesOf(Connection c, UUID customer) throws SQLException {
        return List.copyOf(linksOf(c, customer).keySet());
    }

    /** The customer's identities, by type and value, with how far each link is proved. */
    public static Map<Identity, IdentityTrust> linksOf(Connection c, UUID customer) throws SQLException {
        Map<Identity, IdentityTrust> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT type, value, trust FROM customer_identity WHERE customer_id = ? ORDER BY type, value")) {
            s.setObject(1, customer);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(new Identity(rs.getString(1), rs.getString(2)), IdentityTrust.fromWireName(rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Customers (among {@code customers}) holding any of {@code identities}. */
    public static Set<UUID> holdersOfAny(Connection c, Collection<UUID> customers, Collection<Identity> identities)
            throws SQLException {
        Set<UUID> out = new HashSet<>();
        if (identities.isEmpty() || customers.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT i.customer_id FROM unnest(?::text[], ?::text[])"
                + " AS q(type, value) JOIN customer_identity i ON i.type = q.type AND i.value = q.value"
                + " WHERE i.customer_id = ANY (?)")) {
            s.setArray(1, texts(c, identities.stream().map(Identity::type).toList()));
            s.setArray(2, texts(c, identities.stream().map(Identity::value).toList()));
            s.setArray(3, uuids(c, customers));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    // --- customers ---------------------------------------------------------------------------------

    public static void insertCustomers(Connection c, Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO customer (id) SELECT unnest(?::uuid[])")) {
            s.setArray(1, uuids(c, ids));
            s.executeUpdate();
        }
    }

    public static void deleteCustomers(Connection c, Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM customer WHERE id = ANY (?)")) {
            s.setArray(1, uuids(c, ids));
            s.executeUpdate();
        }
    }

    /**
     * Reads and row-locks customers, in id order so that concurrent batches cannot deadlock on them. NO KEY
     * UPDATE, not UPDATE: a customer's id never changes, and rows that reference a customer take KEY SHARE
     * locks, e.g. the agent loop's second update of a conversation in one transaction re-checks its
     * customer foreign key; FOR UPDATE made that wait on the pipeline while the pipeline waited on the
     * agent loop's conversation lock (deadlocks in bench/scale-out).
     */
    public static Map<UUID, CustomerRow> lock(Connection c, Collection<UUID> ids) throws SQLException {
        return read(c, ids, " ORDER BY id FOR NO KEY UPDATE");
    }

    public static Map<UUID, CustomerRow> read(Connection c, Collection<UUID> ids) throws SQLException {
        return read(c, ids, "");
    }

    private static Map<UUID, CustomerRow> read(Connection c, Collection<UUID> ids, String suffix) throws SQLException {
        Map<UUID, CustomerRow> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, vip, contact_count, created_at, last_contact_at,"
                + " merged_into, erased_at FROM customer WHERE id = ANY (?)" + suffix)) {
            s.setArray(1, uuids(c, ids));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    CustomerRow row = new CustomerRow(rs.getObject(1, UUID.class), rs.getBoolean(2), rs.getLong(3),
                            instant(rs, 4), instant(rs, 5), rs.getObject(6, UUID.class), instant(rs, 7));
                    out.put(row.id(), row);
                }
            }
        }
        return out;
    }

    /** The customer a possibly merged-away id stands for now. */
    public static Optional<UUID> current(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("WITH RECURSIVE chain(id, merged_into, depth) AS ("
                + " SELECT id, merged_into, 0 FROM customer WHERE id = ?"
                + " UNION ALL SELECT k.id, k.merged_into, chain.depth + 1 FROM customer k JOIN chain ON k.id = chain.merged_into"
                + " WHERE chain.depth < 100)"
                + " SELECT id FROM chain WHERE merged_into IS NULL")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    public static void setVip(Connection c, UUID id, boolean vip) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE customer SET vip = ? WHERE id = ?")) {
            s.setBoolean(1, vip);
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    // --- conversations and history -----------------------------------------------------------------

    public static Map<UUID, Conversation> openConversations(Connection c, Collection<UUID> customers) throws SQLException {
        Map<UUID, Conversation> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(CONVERSATION_COLUMNS
                + " FROM conversation WHERE customer_id = ANY (?) AND state <> 'closed'")) {
            s.setArray(1, uuids(c, customers));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Conversation conversation = conversation(rs, 1);
                    out.put(conversation.customerId(), conversation);
                }
            }
        }
        return out;
    }

    /** The conversation each thread key is bound to. */
    public static Map<String, Conversation> threads(Connection c, Collection<String> threadKeys) throws SQLException {
        Map<String, Conversation> out = new HashMap<>();
        if (threadKeys.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT t.thread_key, c.id, c.customer_id, c.state, c.queue,"
                + " c.assigned_agent, c.priority, c.opened_at, c.last_contact_at"
                + " FROM conversation_thread t JOIN conversation c ON c.id = t.conversation_id WHERE t.thread_key = ANY (?)")) {
            s.setArray(1, texts(c, threadKeys));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), conversation(rs, 2));
                }
            }
        }
        return out;
    }

    /** The last {@code limit} contacts of each customer, newest first, one index range scan per customer. */
    public static Map<UUID, List<Contact>> recentContacts(Connection c, Collection<UUID> customers, int limit)
            throws SQLException {
        Map<UUID, List<Contact>> out = new HashMap<>();
        if (customers.isEmpty() || limit <= 0) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT q.id, h.record_id, h.conversation_id, h.channel,"
                + " h.received_at, h.summary, h.direction FROM unnest(?::uuid[]) AS q(id) CROSS JOIN LATERAL ("
                + " SELECT * FROM contact_history WHERE customer_id = q.id ORDER BY received_at DESC LIMIT ?) h"
                + " ORDER BY q.id, h.received_at DESC")) {
            s.setArray(1, uuids(c, customers));
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new Contact(
                            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), instant(rs, 5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    public static Map<UUID, Map<String, Long>> channelCounts(Connection c, Collection<UUID> customers) throws SQLException {
        Map<UUID, Map<String, Long>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT customer_id, channel, contacts FROM customer_channel_count"
                + " WHERE customer_id = ANY (?) ORDER BY channel")) {
            s.setArray(1, uuids(c, customers));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return out;
    }

    /** Moves a conversation along open → assigned → responded → resolved → closed (any forward step, or reopening). */
    public static boolean transition(Connection c, UUID conversation, String state, String agent) throws SQLException {
        if (!List.of("open", "assigned", "responded", "resolved", "closed").contains(state)) {
            throw new IllegalArgumentException("unknown conversation state '" + state + "'");
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET state = ?,"
                + " assigned_agent = coalesce(?, assigned_agent),"
                + " closed_at = CASE WHEN ? = 'closed' THEN now() ELSE NULL END,"
                + " closed_reason = CASE WHEN ? = 'closed' THEN 'agent' ELSE NULL END WHERE id = ?")) {
            s.setString(1, state);
            s.setString(2, agent);
            s.setString(3, state);
            s.setString(4, state);
            s.setObject(5, conversation);
            return s.executeUpdate() == 1;
        }
    }

    static final String CONVERSATION_COLUMNS =
            "SELECT id, customer_id, state, queue, assigned_agent, priority, opened_at, last_contact_at";

    static Conversation conversation(ResultSet rs, int first) throws SQLException {
        return new Conversation(rs.getObject(first, UUID.class), rs.getObject(first + 1, UUID.class),
                rs.getString(first + 2), rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5),
                instant(rs, first + 6), instant(rs, first + 7));
    }

    // --- helpers -----------------------------------------------------------------------------------

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    static Array uuids(Connection c, Collection<UUID> values) throws SQLException {
        return c.createArrayOf("uuid", values.toArray());
    }

    static Array timestamps(Connection c, Collection<Instant> values) throws SQLException {
        return c.createArrayOf("timestamptz", values.stream().map(Timestamp::from).toArray());
    }
}
