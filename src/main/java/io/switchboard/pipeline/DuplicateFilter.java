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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stage: one ContactRecord per channel message, however often the channel delivers it. Messages are
 * remembered in PostgreSQL only after their record is acknowledged downstream, so a crash in between
 * republishes the same record id (at-least-once with a stable id) and never loses it.
 */
@Singleton
@Named("duplicateFilter")
public class DuplicateFilter {

    private final Database database;

    @Inject
    public DuplicateFilter(Database database) {
        this.database = database;
    }

    /** Marks as duplicates the messages already published, and repeats within the batch. */
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
        Set<String> published = new HashSet<>();
        try (Connection c = database.connection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT message_key FROM processed_message WHERE message_key = ANY (?)")) {
            Array array = c.createArrayOf("text", keys.toArray());
            select.setArray(1, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    published.add(rs.getString(1));
                }
            }
        }
        for (PipelineBatch.Item item : batch.live()) {
            if (published.contains(item.raw().dedupeKey())) {
                item.markDuplicate();
            }
        }
    }

    /** Remembers the batch's published messages; run only after their records are acknowledged. */
    public void rememberPublished(PipelineBatch batch) throws SQLException {
        List<PipelineBatch.Item> live = batch.live();
        if (live.isEmpty()) {
            return;
        }
        String[] keys = new String[live.size()];
        UUID[] ids = new UUID[live.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = live.get(i).raw().dedupeKey();
            ids[i] = UUID.fromString(live.get(i).record().id());
        }
        try (Connection c = database.connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO processed_message (message_key, record_id)"
                        + " SELECT * FROM unnest(?::text[], ?::uuid[]) ON CONFLICT (message_key) DO NOTHING")) {
            insert.setArray(1, c.createArrayOf("text", keys));
            insert.setArray(2, c.createArrayOf("uuid", ids));
            insert.executeUpdate();
        }
    }
}
