package io.switchboard.agent;

import io.switchboard.kafka.TransactionalProducer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes {@code loop_outbox} (the transactional outbox of Kafka Connect's exactly-once source
 * connectors, KIP-618, with PostgreSQL as the source). One relay per database runs at a time: every
 * loop instance has one, and the one holding a PostgreSQL advisory lock publishes while the others
 * wait for it. It publishes the oldest rows in a Kafka transaction together with a
 * {@link RelayProgress} record listing their sequences, commits, then deletes the rows. Whatever
 * stops it, the next relay (same stable transactional id, so it fences a relay that still runs
 * without its lock) first reads the last committed progress record and deletes the rows listed there,
 * so a row is never published by two committed transactions and never dropped unpublished.
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * A relay transaction is one batch of rows and a progress record, well under a second; if the relay dies
     * with one open, readers wait for its successor or this, not Kafka's default minute.
     */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);
    /** The advisory lock of the relay's leadership: one per database, whatever the instance. */
    static final long LEADERSHIP = 0x5357_424f_5554_424fL;

    private final String name;
    private final Map<String, Object> kafkaSettings;
    private final DataSource database;
    private final OutboxRows rows;
    private final RelayProgress progress;
    private final String transactionalId;
    private final Duration ackTimeout;
    private final Duration pollInterval;
    private final int batch;
    private final LoopMetrics metrics;
    private volatile boolean running;
    private volatile boolean draining;
    /** Set once a leadership got as far as publishing: its failure starts the backoff afresh. */
    private boolean settled;
    private Thread thread;

    public OutboxRelay(String name, Map<String, Object> kafkaSettings, DataSource database, OutboxRows rows,
            RelayProgress progress, String transactionalId, Duration ackTimeout, Duration pollInterval, int batch,
            LoopMetrics metrics) {
        this.name = name;
        this.kafkaSettings = kafkaSettings;
        this.database = database;
        this.rows = rows;
        this.progress = progress;
        this.transactionalId = transactionalId;
        this.ackTimeout = ackTimeout;
        this.pollInterval = pollInterval;
        this.batch = batch;
        this.metrics = metrics;
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "outbox-relay-" + name);
        thread.start();
    }

    /** Publishes what is pending if this relay leads (bounded), then gives the leadership up. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (thread == null || !running) {
            return;
        }
        draining = true;
        thread.join(15_000);
        running = false;
        thread.join(5_000);
    }

    private void run() {
        Duration backoff = LoopRetry.MIN_BACKOFF;
        while (running && !draining) {
            try (Connection c = database.getConnection()) {
                if (lock(c)) {
                    try {
                        lead(c);
                    } finally {
                        unlock(c);
                    }
                } else if (!LoopRetry.sleep(pollInterval)) {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (settled) {
                    backoff = LoopRetry.MIN_BACKOFF;
                    settled = false;
                }
                LOG.errorf("Outbox relay %s stopped leading, trying again in %d ms: %s", name, backoff.toMillis(),
                        LoopRetry.rootCause(e));
                if (!LoopRetry.sleep(backoff)) {
                    return;
                }
                backoff = LoopRetry.next(backoff);
            }
        }
    }

    /** As the leader: settle the predecessor's last transaction, then publish until stopped or anything fails. */
    private void lead(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + OutboxRows.CHANNEL);
        }
        KafkaProducer<String, byte[]> producer = TransactionalProducer.open(kafkaSettings, transactionalId, ackTimeout,
                TRANSACTION_TIMEOUT);
        try {
            int left = rows.delete(c, progress.lastPublished(kafkaSettings, ackTimeout));
            LOG.infof("Outbox relay %s leads; %d rows its predecessor published and had not deleted are gone", name, left);
            settled = true;
            while (running) {
                List<OutboxRows.Pending> pending = rows.oldest(c, batch);
                if (!pending.isEmpty()) {
                    publish(c, producer, pending);
                } else if (draining) {
                    return;
                }
                if (pending.size() < batch) {
                    awaitInsert(c);
                }
            }
        } finally {
            // no waiting: what an unfinished transaction sent is aborted by the next relay's initTransactions
            producer.close(Duration.ZERO);
        }
    }

    private void publish(Connection c, KafkaProducer<String, byte[]> producer, List<OutboxRows.Pending> pending)
            throws SQLException {
        List<Long> seqs = pending.stream().map(OutboxRows.Pending::seq).toList();
        producer.beginTransaction();
        // a failed send makes the commit throw
        pending.forEach(p -> producer.send(p.record()));
        producer.send(progress.record(seqs));
        producer.commitTransaction();
        rows.delete(c, seqs);
        metrics.relayed(pending.size());
    }

    /** Until a loop transaction that inserted rows commits, or the poll interval passed. */
    private void awaitInsert(Connection c) throws SQLException {
        c.unwrap(PGConnection.class).getNotifications((int) pollInterval.toMillis());
    }

    private static boolean lock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LEADERSHIP);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The connection goes back to the pool: it must not keep the leadership, nor the LISTEN. */
    private void unlock(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
            s.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            LOG.debugf("Outbox relay %s: connection gone, and its lock with it: %s", name, e.getMessage());
        }
    }
}
