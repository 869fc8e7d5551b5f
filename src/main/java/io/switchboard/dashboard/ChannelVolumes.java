package io.switchboard.dashboard;

import io.switchboard.domain.Channel;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Contacts per channel over the last hour in 5-minute buckets, oldest first, from contact_history. */
@Singleton
public class ChannelVolumes {

    public static final Duration WINDOW = Duration.ofHours(1);
    public static final Duration BUCKET = Duration.ofMinutes(5);
    static final int BUCKETS = (int) (WINDOW.toSeconds() / BUCKET.toSeconds());

    private final Database database;

    @Inject
    public ChannelVolumes(Database database) {
        this.database = database;
    }

    /** Every channel, even without contacts, each with {@value #BUCKETS}-ish bucket counts ending at {@code now}. */
    public Map<String, long[]> lastHour(Instant now) {
        Map<String, long[]> volumes = new LinkedHashMap<>();
        for (Channel channel : Channel.values()) {
            volumes.put(channel.wireName(), new long[BUCKETS]);
        }
        Instant since = now.minus(WINDOW);
        try (Connection c = database.operatorDataSource().getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT channel, FLOOR(EXTRACT(EPOCH FROM (received_at - ?)) / ?)::int AS bucket, COUNT(*)
                        FROM contact_history WHERE received_at >= ? AND received_at < ?
                        GROUP BY channel, bucket""")) {
            s.setTimestamp(1, Timestamp.from(since));
            s.setLong(2, BUCKET.toSeconds());
            s.setTimestamp(3, Timestamp.from(since));
            s.setTimestamp(4, Timestamp.from(now));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    int bucket = Math.min(BUCKETS - 1, Math.max(0, r.getInt(2)));
                    volumes.computeIfAbsent(r.getString(1), k -> new long[BUCKETS])[bucket] += r.getLong(3);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("contact_history could not be read: " + e.getMessage(), e);
        }
        return volumes;
    }
}
