package io.switchboard.customer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.store.Database;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Expires personal data older than {@code switchboard.customers.retention-days} (default 730: the two years the
 * handbook asks records to be kept), every {@code switchboard.customers.retention-interval}:
 * <ul>
 * <li>customers with no contact for that long are erased by age, through the erasure's own code path
 * ({@link CustomerOperations#expire}): identities, history, threads, dedupe keys, replies, the loop's copy of
 * their message, their context on the compacted topic;</li>
 * <li>of customers who are still in touch, each row older than that which holds their data: history lines with
 * the archived records, replies (text, address, attachments), dedupe keys, the loop's copy of a conversation's
 * latest record, thread keys of conversations gone quiet, identity values in merge audit rows, and the
 * dead-letter replay ledger;</li>
 * <li>erased identities' hashes whose time is up.</li>
 * </ul>
 * In bounded chunks, so it never holds long locks; per-channel counts and the anonymous customer row stay. Every
 * gateway pod runs it; everything it does is idempotent.
 */
@Singleton
public class PersonalDataRetention {

    private static final Logger LOG = Logger.getLogger(PersonalDataRetention.class);
    private static final int CHUNK = 10_000;

    /**
     * One bounded statement per kind of row, parameters {@code (cutoff, chunk)}, repeated while it touches a whole
     * chunk. Keyed by what the log calls them.
     */
    private static final Map<String, String> AGED_ROWS = agedRows();

    private static Map<String, String> agedRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("contact history lines", "DELETE FROM contact_history WHERE record_id IN ("
                + " SELECT record_id FROM contact_history WHERE received_at < ? LIMIT ?)");
        rows.put("replies", "DELETE FROM reply WHERE reply_id IN (SELECT reply_id FROM reply WHERE updated_at < ? LIMIT ?)");
        rows.put("dedupe keys", "DELETE FROM processed_message WHERE message_key IN ("
                + " SELECT message_key FROM processed_message WHERE published_at < ? LIMIT ?)");
        rows.put("latest records of quiet conversations", "UPDATE loop_conversation SET latest_record = NULL,"
                + " latest_record_id = NULL WHERE conversation_id IN (SELECT conversation_id FROM loop_conversation"
                + " WHERE latest_record IS NOT NULL AND last_event_at < ? LIMIT ?)");
        rows.put("thread keys of quiet conversations", "DELETE FROM conversation_thread WHERE thread_key IN ("
                + " SELECT t.thread_key FROM conversation_thread t JOIN conversation v ON v.id = t.conversation_id"
                + " WHERE v.last_contact_at < ? LIMIT ?)");
        rows.put("identity values in merge audit rows", "UPDATE customer_merge SET moved_identity_types = '{}',"
                + " moved_identity_values = '{}', moved_contacts = '{}' WHERE id IN (SELECT id FROM customer_merge"
                + " WHERE at < ? AND cardinality(moved_identity_values) + cardinality(moved_contacts) > 0 LIMIT ?)");
        rows.put("satisfaction surveys", "DELETE FROM survey WHERE conversation_id IN ("
                + " SELECT conversation_id FROM survey WHERE requested_at < ? LIMIT ?)");
        rows.put("dead-letter replay ledger rows", "DELETE FROM dead_letter_replay WHERE (dead_letter_partition,"
                + " dead_letter_offset) IN (SELECT dead_letter_partition, dead_letter_offset FROM dead_letter_replay"
                + " WHERE replayed_at < ? LIMIT ?)");
        return rows;
    }

    private final DataSource dataSource;
    private final CustomerOperations customers;
    private final Duration keep;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    @Inject
    public PersonalDataRetention(Database database, CustomerOperations customers, SwitchboardConfig config) {
        this(database.dataSource(), customers, Duration.ofDays(config.customers().retentionDays()),
                config.customers().retentionInterval(), Clock.systemUTC());
    }

    public PersonalDataRetention(DataSource dataSource, CustomerOperations customers, Duration keep, Duration interval,
            Clock clock) {
        this.dataSource = dataSource;
        this.customers = customers;
        this.keep = keep;
        this.interval = interval;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "personal-data-retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runSafely, 1, interval.toSeconds(), TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** What one run expired: customers erased by age, and rows per kind. */
    public record Expired(int customers, Map<String, Integer> rows) {}

    /** Expires what is past retention now. */
    public Expired purge() throws Exception {
        Instant now = clock.instant();
        Instant cutoff = now.minus(keep);
        int expiredCustomers = 0;
        List<UUID> silent = silentSince(cutoff, new UUID(0, 0));
        while (!silent.isEmpty()) {
            for (UUID customer : silent) {
                if (customers.expire(customer, cutoff).isPresent()) {
                    expiredCustomers++;
                }
            }
            silent = silent.size() < CHUNK ? List.of() : silentSince(cutoff, silent.get(silent.size() - 1));
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, String> aged : AGED_ROWS.entrySet()) {
                rows.put(aged.getKey(), inChunks(c, aged.getValue(), cutoff));
            }
            rows.put("erased identity hashes", ErasedIdentities.deleteExpired(c, now));
        }
        return new Expired(expiredCustomers, rows);
    }

    /**
     * Up to a chunk of live customers (not merged away, not erased) after {@code after} in id order whose last contact,
     * or creation if none, is before the cutoff.
     */
    private List<UUID> silentSince(Instant cutoff, UUID after) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT id FROM customer"
                + " WHERE merged_into IS NULL AND erased_at IS NULL AND coalesce(last_contact_at, created_at) < ?"
                + " AND id > ? ORDER BY id LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            s.setObject(2, after);
            s.setInt(3, CHUNK);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    private static int inChunks(Connection c, String sql, Instant cutoff) throws SQLException {
        int total = 0;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            s.setInt(2, CHUNK);
            int touched;
            do {
                touched = s.executeUpdate();
                total += touched;
            } while (touched == CHUNK);
        }
        return total;
    }

    private void runSafely() {
        try {
            Expired expired = purge();
            if (expired.customers() > 0 || expired.rows().values().stream().anyMatch(n -> n > 0)) {
                LOG.infof("Retention (%d days): %d customers expired, %s", keep.toDays(), expired.customers(),
                        expired.rows());
            }
        } catch (Exception e) {
            LOG.warnf("Personal data retention failed, will retry in %s: %s", interval, e.getMessage());
        }
    }
}
