package io.switchboard.customer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.store.Database;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Deletes contact history older than {@code switchboard.customers.retention-days} (default 730: the
 * two years the handbook asks records to be kept), periodically and in bounded chunks so it never
 * holds long locks, and the erased identities' hashes whose time is up. Per-channel counts are kept. Every gateway pod runs it; the deletes are idempotent.
 */
@Singleton
public class ContactHistoryRetention {

    private static final Logger LOG = Logger.getLogger(ContactHistoryRetention.class);
    private static final int CHUNK = 10_000;

    private final DataSource dataSource;
    private final Duration keep;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    @Inject
    public ContactHistoryRetention(Database database, SwitchboardConfig config) {
        this(database.dataSource(), Duration.ofDays(config.customers().retentionDays()),
                config.customers().retentionInterval(), Clock.systemUTC());
    }

    public ContactHistoryRetention(DataSource dataSource, Duration keep, Duration interval, Clock clock) {
        this.dataSource = dataSource;
        this.keep = keep;
        this.interval = interval;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contact-history-retention");
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

    /** Deletes what is past retention now; returns how many contacts were deleted. */
    public int purge() throws SQLException {
        Instant cutoff = clock.instant().minus(keep);
        int total = 0;
        try (Connection c = dataSource.getConnection()) {
            int deleted;
            do {
                deleted = CustomerStore.deleteHistoryBefore(c, cutoff, CHUNK);
                total += deleted;
            } while (deleted == CHUNK);
            ErasedIdentities.deleteExpired(c, clock.instant());
        }
        return total;
    }

    private void runSafely() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                LOG.infof("Deleted %d contacts older than %d days", deleted, keep.toDays());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Contact history retention failed, will retry in %s: %s", interval, e.getMessage());
        }
    }
}
