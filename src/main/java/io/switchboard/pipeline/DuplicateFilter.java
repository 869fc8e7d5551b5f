package io.switchboard.pipeline;

import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stage: one ContactRecord per channel message, however often the channel delivers it. A message key
 * is claimed by the raw message (its {@code inbound.raw} position) whose record is published, in
 * PostgreSQL, just before the batch's Kafka transaction commits. When that transaction aborts, the same
 * raw message comes round again and may pass its own claim; any other raw message with that key is a
 * duplicate. Together with the transaction this is exactly one record per message key for
 * {@code read_committed} readers.
 */
@Singleton
@Named("duplicateFilter")
public class DuplicateFilter {

    private final DataSource database;

    @Inject
    public DuplicateFilter(Database database) {
        this(database.dataSource());
    }

    public DuplicateFilter(DataSource database) {
        this.database = database;
    }

    /** Marks as duplicates the messages another raw message already claimed, and repeats within the batch. */
    public void dropAlreadyPublished(PipelineBatch batch) throws SQLException {
        List<PipelineBatch.Item> live = batch.live();
        if (live.isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        List<String> keys = new ArrayList<>(live.size());
        for (PipelineBatch.Item item : live) {
            String key = item.raw().dedupeKey();
            if (!seen.add(key)) {
                item.markDuplicate();
            } else {
                keys.add(key);
            }
        }
        Map<String, String> claims = new HashMap<>();
        try (Connection c = database.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT message_key, source FROM processed_message WHERE message_key = ANY (?)")) {
            Array array = c.createArrayOf("text", keys.toArray());
            select.setArray(1, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    claims.put(rs.getString(1), Objects.requireNonNullElse(rs.getString(2), "a raw message before V6"));
                }
            }
        }
        for (PipelineBatch.Item item : batch.live()) {
            String claimedBy = claims.get(item.raw().dedupeKey());
            if (claimedBy != null && !claimedBy.equals(item.source().position())) {
                item.markDuplicate();
            }
        }
    }

    /**
     * Claims the batch's published messages for their raw messages; run after their records were sent
     * and before the transaction commits. Throws when another raw message with the same key claimed it
     * meanwhile (two deliveries in two partitions at once): the batch is then retried, and that message
     * is a duplicate the second time.
     */
    public void rememberPublished(PipelineBatch batch) throws SQLException {
        List<PipelineBatch.Item> live = batch.live();
        if (live.isEmpty()) {
            return;
        }
        String[] keys = new String[live.size()];
        UUID[] ids = new UUID[live.size()];
        String[] sources = new String[live.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = live.get(i).raw().dedupeKey();
            ids[i] = UUID.fromString(live.get(i).record().id());
            sources[i] = live.get(i).source().position();
        }
        try (Connection c = database.getConnection()) {
            Array keyArray = c.createArrayOf("text", keys);
            Array sourceArray = c.createArrayOf("text", sources);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO processed_message (message_key, record_id,"
                    + " source) SELECT * FROM unnest(?::text[], ?::uuid[], ?::text[]) ON CONFLICT (message_key) DO NOTHING")) {
                insert.setArray(1, keyArray);
                insert.setArray(2, c.createArrayOf("uuid", ids));
                insert.setArray(3, sourceArray);
                insert.executeUpdate();
            }
            try (PreparedStatement claimedElsewhere = c.prepareStatement("SELECT p.message_key FROM processed_message p"
                    + " JOIN unnest(?::text[], ?::text[]) AS b(message_key, source) ON p.message_key = b.message_key"
                    + " WHERE p.source IS DISTINCT FROM b.source LIMIT 1")) {
                claimedElsewhere.setArray(1, keyArray);
                claimedElsewhere.setArray(2, sourceArray);
                try (ResultSet rs = claimedElsewhere.executeQuery()) {
                    if (rs.next()) {
                        throw new IllegalStateException("message " + rs.getString(1)
                                + " was published from another raw message meanwhile; retrying the batch drops it");
                    }
                }
            }
        }
    }
}
