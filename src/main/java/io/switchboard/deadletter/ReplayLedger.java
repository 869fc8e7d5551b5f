package io.switchboard.deadletter;

import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Table dead_letter_replay: which dead letters were replayed, where to, and when. */
@Singleton
public class ReplayLedger {

    private final Database database;

    @Inject
    public ReplayLedger(Database database) {
        this.database = database;
    }

    /** Claims the dead letter for a replay; false when it was replayed (or is being replayed) already. */
    public boolean claim(int partition, long offset, String targetTopic) {
        return update("""
                INSERT INTO dead_letter_replay (dead_letter_partition, dead_letter_offset, target_topic, replayed_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""", partition, offset, targetTopic,
                Timestamp.from(Instant.now())) == 1;
    }

    public void completed(int partition, long offset, int targetPartition, long targetOffset) {
        update("""
                UPDATE dead_letter_replay SET target_partition = ?, target_offset = ?
                WHERE dead_letter_partition = ? AND dead_letter_offset = ?""",
                targetPartition, targetOffset, partition, offset);
    }

    /** Undoes a claim whose publish failed, so the replay can be tried again. */
    public void release(int partition, long offset) {
        update("DELETE FROM dead_letter_replay WHERE dead_letter_partition = ? AND dead_letter_offset = ?",
                partition, offset);
    }

    public Optional<Map<String, Object>> find(int partition, long offset) {
        try (Connection c = database.operatorDataSource().getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT target_topic, target_partition, target_offset, replayed_at FROM dead_letter_replay
                        WHERE dead_letter_partition = ? AND dead_letter_offset = ?""")) {
            s.setInt(1, partition);
            s.setLong(2, offset);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Map<String, Object> replay = new LinkedHashMap<>();
                replay.put("topic", r.getString(1));
                replay.put("partition", r.getObject(2));
                replay.put("offset", r.getObject(3));
                replay.put("at", r.getTimestamp(4).toInstant().toString());
                return Optional.of(replay);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dead_letter_replay could not be read: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection c = database.operatorDataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("dead_letter_replay could not be written: " + e.getMessage(), e);
        }
    }
}
