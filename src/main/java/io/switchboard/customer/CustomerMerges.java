package io.switchboard.customer;

import static io.switchboard.customer.CustomerStore.texts;
import static io.switchboard.customer.CustomerStore.uuids;

import io.switchboard.domain.Identity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Merging two customers and undoing it. A merge moves identities, conversations, contact history and
 * counts from the merged customer to the survivor, keeps the merged row (pointing at the survivor) and
 * writes down exactly what moved, so an undo can move that back. Both rows must be locked by the caller.
 */
public final class CustomerMerges {

    /** A merge that cannot be undone as asked; the message says why. */
    public static final class UndoRefusedException extends Exception {
        public UndoRefusedException(String message) {
            super(message);
        }
    }

    public record Undone(UUID survivor, UUID restored) {}

    private CustomerMerges() {}

    public static UUID merge(Connection c, UUID survivor, UUID merged, String actor, String reason, UUID recordId)
            throws SQLException {
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE customer_identity SET customer_id = ?"
                + " WHERE customer_id = ? RETURNING type, value")) {
            s.setObject(1, survivor);
            s.setObject(2, merged);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                    values.add(rs.getString(2));
                }
            }
        }
        UUID closed = null;
        String closedState = null;
        // Only one of the two open conversations can stay open: the survivor's.
        try (PreparedStatement s = c.prepareStatement("UPDATE conversation m SET state = 'closed', closed_at = now(),"
                + " closed_reason = 'merged' FROM conversation old WHERE m.id = old.id AND m.customer_id = ?"
                + " AND m.state <> 'closed' AND EXISTS (SELECT 1 FROM conversation s WHERE s.customer_id = ? AND s.state <> 'closed')"
                + " RETURNING m.id, old.state")) {
            s.setObject(1, merged);
            s.setObject(2, survivor);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    closed = rs.getObject(1, UUID.class);
                    closedState = rs.getString(2);
                }
            }
        }
        List<UUID> conversations = returningIds(c, "UPDATE conversation SET customer_id = ? WHERE customer_id = ? RETURNING id",
                survivor, merged);
        List<UUID> contacts = returningIds(c,
                "UPDATE contact_history SET customer_id = ? WHERE customer_id = ? RETURNING record_id", survivor, merged);
        update(c, "INSERT INTO customer_channel_count (customer_id, channel, contacts)"
                + " SELECT ?, channel, contacts FROM customer_channel_count WHERE customer_id = ?"
                + " ON CONFLICT (customer_id, channel) DO UPDATE SET contacts = customer_channel_count.contacts + excluded.contacts",
                survivor, merged);
        update(c, "UPDATE customer s SET contact_count = s.contact_count + m.contact_count, vip = s.vip OR m.vip,"
                + " created_at = least(s.created_at, m.created_at),"
                + " last_contact_at = greatest(s.last_contact_at, m.last_contact_at) FROM customer m WHERE s.id = ? AND m.id = ?",
                survivor, merged);
        update(c, "UPDATE customer SET merged_into = ? WHERE id = ?", survivor, merged);
        UUID id = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO customer_merge (id, outcome, survivor_id, merged_id,"
                + " actor, reason, record_id, moved_identity_types, moved_identity_values, moved_conversations,"
                + " moved_contacts, closed_conversation, closed_conversation_state)"
                + " VALUES (?, 'merged', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setObject(2, survivor);
            s.setObject(3, merged);
            s.setString(4, actor);
            s.setString(5, reason);
            s.setObject(6, recordId);
            s.setArray(7, texts(c, types));
            s.setArray(8, texts(c, values));
            s.setArray(9, uuids(c, conversations));
            s.setArray(10, uuids(c, contacts));
            s.setObject(11, closed);
            s.setString(12, closedState);
            s.executeUpdate();
        }
        return id;
    }

    /** Audits a merge a guard refused, so operators see the conflicting data. */
    public static void refused(Connection c, UUID survivor, UUID other, String actor, String reason, UUID recordId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO customer_merge (id, outcome, survivor_id, merged_id,"
                + " actor, reason, record_id) VALUES (?, 'refused', ?, ?, ?, ?, ?)")) {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, survivor);
            s.setObject(3, other);
            s.setString(4, actor);
            s.setString(5, reason);
            s.setObject(6, recordId);
            s.executeUpdate();
        }
    }

    /** Moves back what the merge moved (identities linked to the survivor since then stay with it). */
    public static Undone undo(Connection c, UUID mergeId, String actor) throws SQLException, UndoRefusedException {
        UUID survivor;
        UUID merged;
        String[] types;
        String[] values;
        UUID[] conversations;
        UUID[] contacts;
        UUID closed;
        String closedState;
        try (PreparedStatement s = c.prepareStatement("SELECT outcome, survivor_id, merged_id, undone_at,"
                + " moved_identity_types, moved_identity_values, moved_conversations, moved_contacts,"
                + " closed_conversation, closed_conversation_state FROM customer_merge WHERE id = ? FOR UPDATE")) {
            s.setObject(1, mergeId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!"merged".equals(rs.getString(1))) {
                    throw new UndoRefusedException("merge " + mergeId + " was refused by a guard; there is nothing to undo");
                }
                if (rs.getTimestamp(4) != null) {
                    throw new UndoRefusedException("merge " + mergeId + " was already undone");
                }
                survivor = rs.getObject(2, UUID.class);
                merged = rs.getObject(3, UUID.class);
                types = (String[]) rs.getArray(5).getArray();
                values = (String[]) rs.getArray(6).getArray();
                conversations = (UUID[]) rs.getArray(7).getArray();
                contacts = (UUID[]) rs.getArray(8).getArray();
                closed = rs.getObject(9, UUID.class);
                closedState = rs.getString(10);
            }
        }
        var rows = CustomerStore.lock(c, List.of(survivor, merged));
        CustomerStore.CustomerRow s = rows.get(survivor);
        CustomerStore.CustomerRow m = rows.get(merged);
        if (s.erasedAt() != null || m.erasedAt() != null) {
            throw new UndoRefusedException("the customer was erased; the merge cannot be undone");
        }
        if (s.mergedInto() != null) {
            throw new UndoRefusedException("customer " + survivor + " was merged into " + s.mergedInto()
                    + " afterwards; undo that merge first");
        }
        if (!survivor.equals(m.mergedInto())) {
            throw new UndoRefusedException("customer " + merged + " is no longer merged into " + survivor);
        }
        update(c, "UPDATE customer_identity i SET customer_id = ?, linked_by = ?, linked_at = now()"
                + " FROM unnest(?::text[], ?::text[]) AS q(type, value)"
                + " WHERE i.type = q.type AND i.value = q.value AND i.customer_id = ?",
                merged, actor, c.createArrayOf("text", types), c.createArrayOf("text", values), survivor);
        update(c, "UPDATE conversation SET customer_id = ? WHERE customer_id = ? AND id = ANY (?)",
                merged, survivor, c.createArrayOf("uuid", conversations));
        if (closed != null) {
            update(c, "UPDATE conversation SET state = ?, closed_at = NULL, closed_reason = NULL"
                    + " WHERE id = ? AND customer_id = ? AND closed_reason = 'merged'"
                    + " AND NOT EXISTS (SELECT 1 FROM conversation o WHERE o.customer_id = ? AND o.state <> 'closed')",
                    closedState, closed, merged, merged);
        }
        update(c, "UPDATE contact_history SET customer_id = ? WHERE customer_id = ? AND record_id = ANY (?)",
                merged, survivor, c.createArrayOf("uuid", contacts));
        update(c, "UPDATE customer_channel_count s SET contacts = greatest(0, s.contacts - m.contacts)"
                + " FROM customer_channel_count m WHERE s.customer_id = ? AND m.customer_id = ? AND m.channel = s.channel",
                survivor, merged);
        update(c, "UPDATE customer s SET contact_count = greatest(0, s.contact_count - m.contact_count)"
                + " FROM customer m WHERE s.id = ? AND m.id = ?", survivor, merged);
        update(c, "UPDATE customer SET merged_into = NULL WHERE id = ? AND merged_into = ?", merged, survivor);
        update(c, "UPDATE customer_merge SET undone_at = now(), undone_by = ? WHERE id = ?", actor, mergeId);
        return new Undone(survivor, merged);
    }

    /** The merges a customer took part in, newest first, as operators see them (identity types, never values). */
    public static List<java.util.Map<String, Object>> history(Connection c, UUID customer) throws SQLException {
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, outcome, survivor_id, merged_id, actor, reason,"
                + " record_id, at, moved_identity_types, undone_at, undone_by FROM customer_merge"
                + " WHERE survivor_id = ? OR merged_id = ? ORDER BY at DESC")) {
            s.setObject(1, customer);
            s.setObject(2, customer);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", rs.getString(1));
                    m.put("outcome", rs.getString(2));
                    m.put("survivorId", rs.getString(3));
                    m.put("mergedId", rs.getString(4));
                    m.put("actor", rs.getString(5));
                    m.put("reason", rs.getString(6));
                    m.put("recordId", rs.getString(7));
                    m.put("at", CustomerStore.instant(rs, 8).toString());
                    m.put("movedIdentityTypes", Arrays.asList((String[]) rs.getArray(9).getArray()));
                    m.put("undoneAt", Optional.ofNullable(CustomerStore.instant(rs, 10)).map(Object::toString).orElse(null));
                    m.put("undoneBy", rs.getString(11));
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static List<UUID> returningIds(Connection c, String sql, UUID a, UUID b) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, a);
            s.setObject(2, b);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
