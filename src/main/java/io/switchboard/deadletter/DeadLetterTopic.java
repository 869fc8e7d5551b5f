package io.switchboard.deadletter;

import io.switchboard.kafka.KafkaConnection;
import io.switchboard.kafka.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the dead-letter topic by partition and offset, without a consumer group (operators browse it,
 * nobody consumes it). Offsets come from one long-lived admin client, which reconnects by itself.
 * Only committed dead letters count: the pipeline writes them in its transactions, so an aborted
 * batch's dead letters, and the transaction markers between them, take offsets too.
 */
@Singleton
public class DeadLetterTopic {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConnection kafka;
    private final String topic;
    private Admin admin;
    private final Map<Integer, Counted> counted = new HashMap<>();

    /** What {@link #count()} already read of one partition: the committed dead letters in {@code [from, next)}. */
    private static final class Counted {
        final long from;
        long next;
        long letters;

        Counted(long from) {
            this.from = from;
            this.next = from;
        }
    }

    @Inject
    public DeadLetterTopic(KafkaConnection kafka, Topics topics) {
        this.kafka = kafka;
        this.topic = topics.deadLetter();
    }

    public String name() {
        return topic;
    }

    /** First offset and last stable offset (end of what is committed) of every partition. */
    public Map<Integer, Range> ranges() {
        try {
            List<TopicPartition> partitions = admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
            Map<Integer, Range> ranges = new HashMap<>();
            for (TopicPartition partition : partitions) {
                ranges.put(partition.partition(),
                        new Range(earliest.get(partition).offset(), latest.get(partition).offset()));
            }
            return ranges;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not answer for " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Dead letters on the topic now. Counted by reading, once: each call reads only what was committed
     * since the last one, and a partition whose start moved (retention) is counted afresh.
     */
    public synchronized long count() {
        long total = 0;
        for (Map.Entry<Integer, Range> partition : ranges().entrySet()) {
            Range range = partition.getValue();
            Counted done = counted.get(partition.getKey());
            if (done == null || done.from != range.first()) {
                done = new Counted(range.first());
                counted.put(partition.getKey(), done);
            }
            if (done.next < range.next()) {
                Counted counting = done;
                counting.next = scan(partition.getKey(), done.next, range.next(), r -> {
                    counting.letters++;
                    return true;
                });
            }
            total += done.letters;
        }
        return total;
    }

    /** Up to {@code limit} dead letters of one partition from {@code from} on, in offset order. */
    public List<DeadLetter> read(int partition, long from, int limit) {
        Range range = ranges().get(partition);
        if (range == null || limit <= 0) {
            return List.of();
        }
        long start = Math.max(from, range.first());
        List<DeadLetter> letters = new ArrayList<>();
        if (start < range.next()) {
            scan(partition, start, range.next(), r -> {
                letters.add(new DeadLetter(r.partition(), r.offset(), r.key(), List.of(r.headers().toArray()), r.value()));
                return letters.size() < limit;
            });
        }
        return letters;
    }

    /**
     * Hands the committed records of {@code [from, end)} of one partition to {@code more}, in offset order,
     * until it returns false, the end is reached or the time is up.
     *
     * @return the offset to go on from
     */
    private long scan(int partition, long from, long end, Predicate<ConsumerRecord<String, byte[]>> more) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // Transaction markers and aborted records take offsets too: stop at the end offset, not after a count.
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() >= end || !more.test(r)) {
                        return r.offset() >= end ? end : r.offset() + 1;
                    }
                }
            }
            return Math.min(consumer.position(tp), end);
        }
    }

    public Optional<DeadLetter> get(int partition, long offset) {
        return read(partition, offset, 1).stream().filter(l -> l.offset() == offset).findFirst();
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions,
            OffsetSpec spec) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin().listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> settings = kafka.clientSettings();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-dead-letters");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = kafka.clientSettings();
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "switchboard-dead-letters");
            settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** Offsets {@code [first, next)} of one partition. */
    public record Range(long first, long next) {
        public long size() {
            return next - first;
        }

        public boolean contains(long offset) {
            return offset >= first && offset < next;
        }
    }
}
