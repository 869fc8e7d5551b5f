package io.switchboard.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.kafka.Topics;
import io.switchboard.store.ConversationLocks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The closed loop after routing, one per gateway instance: a consumer of {@code agent-events} that
 * moves conversations through their states, a timer thread that fires the SLA warnings and
 * breaches, next-target moves and survey requests of the partitions this instance owns, and an
 * {@link OutboxRelay}. Neither thread publishes: what a transaction decides to publish goes into
 * {@code loop_outbox} in that transaction, and the relay publishes it exactly once. A poll's offsets
 * are committed after its database transaction, which also records them ({@link AppliedOffsets}), so
 * a redelivered poll is skipped; when PostgreSQL is away the poll is rewound and retried with
 * backoff, never skipped. Timers follow partition ownership (see {@link TimerSchedule}), so
 * instances in one consumer group share them with no singleton.
 */
public class AgentLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentLoop.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Map<String, Object> kafkaSettings;
    private final DataSource database;
    private final Topics topics;
    private final AgentLoopSettings settings;
    private final AgentEventParser parser;
    private final AgentFloorStore store;
    private final AgentEventApplier applier;
    private final TimerFirer firer;
    private final LoopMessages messages;
    private final LoopMetrics metrics;
    private final OutboxRows outboxRows;
    private final AppliedOffsets appliedOffsets = new AppliedOffsets();
    private final OutboxRelay relay;
    private final TimerSchedule schedule = new TimerSchedule();
    private final AtomicBoolean running = new AtomicBoolean();
    private Admin admin;
    private LaneTopics laneTopics;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread consumerThread;
    private Thread timerThread;

    public AgentLoop(String name, Map<String, Object> kafkaSettings, DataSource database, Topics topics,
            ObjectMapper json, LoopMetrics metrics, AgentLoopSettings settings) {
        this.name = name;
        this.kafkaSettings = kafkaSettings;
        this.database = database;
        this.topics = topics;
        this.settings = settings;
        this.parser = new AgentEventParser(json);
        this.store = new AgentFloorStore(json, settings.warnFraction());
        this.messages = new LoopMessages(topics, json);
        this.applier = new AgentEventApplier(store, messages, settings.surveyDelay());
        this.firer = new TimerFirer(store, messages);
        this.metrics = metrics;
        this.outboxRows = new OutboxRows(json);
        String relayId = topics.agentLoopRelayProgress();
        this.relay = new OutboxRelay(name, kafkaSettings, database, outboxRows,
                new RelayProgress(json, topics.agentLoopRelayProgress(), relayId), relayId, ACK_TIMEOUT,
                settings.relayPollInterval(), settings.relayBatch(), metrics);
    }

    public synchronized void start() {
        running.set(true);
        admin = Admin.create(new HashMap<>(kafkaSettings));
        laneTopics = new LaneTopics(admin, topics);
        Map<String, Object> consumerSettings = new HashMap<>(kafkaSettings);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerSettings.put(ConsumerConfig.CLIENT_ID_CONFIG, "agent-loop-" + name);
        // Timers of a stopped instance wait for the survivors to hear of the rebalance: heartbeat often, and
        // let survivors keep their own partitions (and loaded timers) instead of revoking everything.
        consumerSettings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        consumerSettings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
        consumerThread = new Thread(this::consume, "agent-events-" + name);
        timerThread = new Thread(this::fireTimers, "agent-timers-" + name);
        consumerThread.start();
        timerThread.start();
        relay.start();
    }

    /**
     * Leaves the group (its partitions and timers go to the other instances), stops both threads, then
     * the relay, which first publishes what they left in the outbox if it leads.
     */
    @Override
    public synchronized void close() throws InterruptedException {
        if (!running.getAndSet(false)) {
            return;
        }
        // The timer thread finishes its firing transaction before the consumer leaves the group, so that the
        // partition's next owner does not wait on its row locks.
        timerThread.join(15_000);
        if (timerThread.isAlive()) {
            timerThread.interrupt();
            timerThread.join(5_000);
        }
        // no wakeup: it would abort a finished batch's offset commit; the consumer sees the flag within a poll
        consumerThread.join(15_000);
        relay.close();
        admin.close(Duration.ofSeconds(5));
    }

    /** The agent-events partitions (and so the timers) this instance owns right now. */
    public java.util.Set<Integer> ownedPartitions() {
        return schedule.ownedPartitions();
    }

    public int scheduledTimers() {
        return schedule.size();
    }

    private void consume() {
        Duration backoff = LoopRetry.MIN_BACKOFF;
        try {
            consumer.subscribe(List.of(topics.agentEvents()), new OwnedTimers());
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    apply(records);
                    consumer.commitSync(nextOffsets(records));
                    backoff = LoopRetry.MIN_BACKOFF;
                } catch (CommitFailedException e) {
                    LOG.warnf("Agent-event partitions were reassigned before the commit; the new owner re-reads them"
                            + " and skips what the database already applied: %s", e.getMessage());
                } catch (SQLException | ExecutionException | TimeoutException | RuntimeException e) {
                    if (!running.get()) {
                        break;
                    }
                    LOG.errorf("Agent events (%d) not applied, retrying in %d ms: %s", records.count(),
                            backoff.toMillis(), LoopRetry.rootCause(e));
                    rewind(records);
                    LoopRetry.sleep(backoff);
                    backoff = LoopRetry.next(backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        Outbox outbox = new Outbox();
        List<LoopTimer> timers = new ArrayList<>();
        List<String[]> outcomes = new ArrayList<>();
        List<Parsed> read = new ArrayList<>(records.count());
        records.forEach(record -> read.add(parse(record)));
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                // in partition order: two instances that both hold a partition during a rebalance wait, not deadlock
                Map<Integer, Long> applied = appliedOffsets.lock(c, topics.agentEvents(),
                        records.partitions().stream().map(TopicPartition::partition).sorted().toList());
                List<Parsed> parsed = new ArrayList<>(read.size());
                for (Parsed one : read) {
                    if (one.record().offset() < applied.getOrDefault(one.record().partition(), 0L)) {
                        outcomes.add(new String[] {one.event() == null ? "malformed" : one.event().type().wireName(),
                                "redelivered"});
                    } else {
                        parsed.add(one);
                    }
                }
                ConversationLocks.lockInOrder(c, parsed.stream().map(Parsed::event).filter(Objects::nonNull)
                        .map(AgentEvent::conversationId).filter(Objects::nonNull).toList());
                for (Parsed one : parsed) {
                    outcomes.add(applyOne(c, one, outbox, timers));
                }
                outboxRows.insert(c, outbox.records());
                appliedOffsets.advance(c, topics.agentEvents(), nextOffsets(records).entrySet().stream().collect(
                        Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())));
                c.commit();
            } catch (SQLException | ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        schedule.addAll(timers);
        outcomes.forEach(o -> metrics.event(o[0], o[1]));
    }

    /** An agent event as read: the event, or why it could not be read. */
    private record Parsed(ConsumerRecord<String, byte[]> record, AgentEvent event, String malformed) {}

    private Parsed parse(ConsumerRecord<String, byte[]> record) {
        try {
            return new Parsed(record, parser.parse(record.value()), null);
        } catch (MalformedAgentEventException e) {
            return new Parsed(record, null, e.getMessage());
        }
    }

    /** @return the event type and what became of it */
    private String[] applyOne(Connection c, Parsed parsed, Outbox outbox, List<LoopTimer> timers)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        ConsumerRecord<String, byte[]> record = parsed.record();
        AgentEvent event = parsed.event();
        if (event == null) {
            LOG.warnf("Malformed agent event at %s/%d/%d to the dead-letter topic: %s", record.topic(),
                    record.partition(), record.offset(), parsed.malformed());
            outbox.add(messages.deadLetter(record, parsed.malformed()));
            return new String[] {"malformed", "dead-lettered"};
        }
        if (event.type() == AgentEventType.UNKNOWN) {
            return new String[] {"unknown", "ignored"};
        }
        if (event.type() == AgentEventType.TRANSFERRED && !laneTopics.exist(event.queue())) {
            String reason = "transfer target queue '" + event.queue() + "' has no lane topics";
            LOG.warnf("Agent event at %s/%d/%d to the dead-letter topic: %s", record.topic(), record.partition(),
                    record.offset(), reason);
            outbox.add(messages.deadLetter(record, reason));
            return new String[] {event.type().wireName(), "dead-lettered"};
        }
        String ignored = applier.apply(c, event, record.partition(), outbox, timers);
        return new String[] {event.type().wireName(), ignored == null ? "applied" : ignored};
    }

    private void fireTimers() {
        Duration backoff = LoopRetry.MIN_BACKOFF;
        while (running.get()) {
            List<LoopTimer> due = List.of();
            try {
                loadAssignedPartitions();
                due = schedule.takeDue(settings.fireBatch(), Duration.ofMillis(500));
                if (!due.isEmpty()) {
                    fire(due);
                }
                backoff = LoopRetry.MIN_BACKOFF;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.errorf("Timers (%d due) not fired, retrying in %d ms: %s", due.size(), backoff.toMillis(),
                        LoopRetry.rootCause(e));
                if (!LoopRetry.sleep(backoff)) {
                    return;
                }
                schedule.addAll(due);
                backoff = LoopRetry.next(backoff);
            }
        }
    }

    private void loadAssignedPartitions() throws SQLException {
        for (int partition : schedule.partitionsToLoad()) {
            try (Connection c = database.getConnection()) {
                List<LoopTimer> pending = store.pendingTimers(c, partition);
                schedule.loaded(partition, pending);
                LOG.debugf("%s: loaded %d timers of agent-events partition %d", name, pending.size(), partition);
            }
        }
    }

    private void fire(List<LoopTimer> due) throws SQLException {
        Outbox outbox = new Outbox();
        List<LoopTimer> next = new ArrayList<>();
        List<TimerFirer.Fired> fired = new ArrayList<>();
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant now = Instant.now();
                List<LoopTimer> owned = due.stream().filter(t -> schedule.owns(t.partition())).toList();
                ConversationLocks.lockInOrder(c, owned.stream().map(LoopTimer::conversationId).toList());
                for (LoopTimer timer : owned) {
                    TimerFirer.Fired one = firer.fire(c, timer, now, outbox, next);
                    if (one != null) {
                        fired.add(one);
                    }
                }
                outboxRows.insert(c, outbox.records());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        schedule.addAll(next);
        fired.forEach(f -> metrics.fired(f.type(), f.lateness()));
    }

    /** Timers follow the partitions: loaded when assigned, dropped when revoked or lost. */
    private final class OwnedTimers implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            schedule.revoked(numbers(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            schedule.assigned(numbers(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            schedule.revoked(numbers(partitions));
        }

        private List<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).toList();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
