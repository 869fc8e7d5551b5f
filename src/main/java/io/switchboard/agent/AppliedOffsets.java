package io.switchboard.agent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which agent-events records PostgreSQL already applied ({@code loop_applied_offset}, V12), so that an
 * event is applied once although Kafka may deliver it again: the record's offset is its identity.
 * Written in the transaction that applied the records, read under a row lock, so an instance that
 * still believes it owns a partition during a rebalance waits for the new owner and then skips.
 */
public class AppliedOffsets {

    /** @return per partition of {@code partitions}, the first offset not applied yet (absent: none applied) */
    public Map<Integer, Long> lock(Connection c, String topic, Collection<Integer> partitions) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO loop_applied_offset (topic, partition, next_offset)"
                + " SELECT ?, p, 0 FROM unnest(?::int[]) p ON CONFLICT DO NOTHING")) {
            s.setString(1, topic);
            s.setArray(2, c.createArrayOf("integer", partitions.toArray()));
            s.executeUpdate();
        }
        Map<Integer, Long> next = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT partition, next_offset FROM loop_applied_offset"
                + " WHERE topic = ? AND partition = ANY (?) ORDER BY partition FOR UPDATE")) {
            s.setString(1, topic);
            s.setArray(2, c.createArrayOf("integer", partitions.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    next.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return next;
    }

    public void advance(Connection c, String topic, Map<Integer, Long> nextOffsets) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE loop_applied_offset SET next_offset = ?"
                + " WHERE topic = ? AND partition = ? AND next_offset < ?")) {
            for (Map.Entry<Integer, Long> partition : nextOffsets.entrySet()) {
                s.setLong(1, partition.getValue());
                s.setString(2, topic);
                s.setInt(3, partition.getKey());
                s.setLong(4, partition.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
