package io.switchboard.agentclient;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one agent queue's three lanes in strict priority: {@code high} before {@code medium} before
 * {@code low}, a lower lane only when the higher ones have nothing left (by their end offsets). Every
 * partition stays paused except those of the lane being served, so a poll can only return that lane.
 * Each record's offset is committed right after its handler returned (at-least-once: a crash inside a
 * handler means the record comes again). Not thread-safe, like the KafkaConsumer it wraps.
 */
public final class QueueDrainer implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Lane> lanes = new HashMap<>();

    /**
     * @param settings Kafka consumer settings; at least {@code bootstrap.servers} and {@code group.id}
     *     (one group per team of agent tools sharing the queue)
     * @param topicPrefix the gateway's {@code switchboard.kafka.topic-prefix}, usually {@code switchboard.}
     */
    public QueueDrainer(Map<String, Object> settings, String topicPrefix, String queue) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the pipeline publishes in transactions: never hand an agent a record of an aborted batch
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        for (Lane lane : Lane.values()) {
            lanes.put(lane.topic(topicPrefix, queue), lane);
        }
        consumer.subscribe(lanes.keySet(), new PauseWhatIsAssigned());
    }

    /**
     * Serves the most urgent lane that has records: one poll of it, each record handed to
     * {@code handler} in order and committed. Waits up to {@code timeout} when every lane is empty.
     *
     * @return how many records were handled (0 when all lanes were empty)
     */
    public int drainOnce(Duration timeout, ContactHandler handler) throws Exception {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            consumer.poll(timeout);
            return 0;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (Lane lane : Lane.values()) {
            List<TopicPartition> backlog = assigned.stream()
                    .filter(p -> lanes.get(p.topic()) == lane && consumer.position(p) < ends.get(p)).toList();
            if (!backlog.isEmpty()) {
                return serve(lane, backlog, timeout, handler);
            }
        }
        consumer.poll(timeout);
        return 0;
    }

    /** Drains until every lane is empty or {@code within} is over; returns how many records were handled. */
    public int drain(Duration within, ContactHandler handler) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int total = 0;
        while (System.nanoTime() < deadline) {
            int handled = drainOnce(Duration.ofMillis(200), handler);
            total += handled;
            if (handled == 0 && !consumer.assignment().isEmpty() && empty()) {
                break;
            }
        }
        return total;
    }

    private boolean empty() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        return assigned.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    private int serve(Lane lane, List<TopicPartition> backlog, Duration timeout, ContactHandler handler) throws Exception {
        consumer.resume(backlog);
        ConsumerRecords<String, String> records;
        try {
            records = consumer.poll(timeout);
        } finally {
            consumer.pause(backlog);
        }
        Map<TopicPartition, Long> nextUnhandled = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            nextUnhandled.put(partition, records.records(partition).get(0).offset());
        }
        int handled = 0;
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            try {
                handler.handle(lane, record);
            } catch (Exception e) {
                nextUnhandled.forEach(consumer::seek);
                throw e;
            }
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            nextUnhandled.put(partition, record.offset() + 1);
            handled++;
        }
        return handled;
    }

    /** Interrupts a waiting {@link #drainOnce} from another thread (it then throws WakeupException). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** A newly assigned partition is paused before the poll that assigned it can return its records. */
    private final class PauseWhatIsAssigned implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing buffered to give back: offsets are committed record by record
        }
    }
}
