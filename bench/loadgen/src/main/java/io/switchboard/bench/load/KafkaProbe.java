package io.switchboard.bench.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the benchmark asks the broker: topic set-up, end offsets and a consumer group's lag. */
final class KafkaProbe implements AutoCloseable {

    /** Generous: on a machine with a load average of 30 a 15 s admin call was seen to time out. */
    private final Admin admin;
    private final String bootstrap;

    KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    void createTopic(String topic, int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    List<TopicPartition> partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions()
                .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions(topic).stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(60, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /**
     * Committed records on {@code topic}, counted by reading: the gateway's pipeline writes in
     * transactions, whose markers (and aborted records) take offsets too.
     */
    long records(String topic) throws Exception {
        long[] count = {0};
        readAll(topic, value -> count[0]++);
        return count[0];
    }

    /** The distinct values of a string field of {@code topic}'s JSON records, in the order met, at most {@code max}. */
    List<String> distinctValues(String topic, String field, int max) throws Exception {
        byte[] fieldStart = QueueWatcher.fieldStart(field);
        Set<String> values = new LinkedHashSet<>();
        readAll(topic, value -> {
            String v = QueueWatcher.field(value, fieldStart);
            if (v != null && values.size() < max) {
                values.add(v);
            }
        });
        return List.copyOf(values);
    }

    /** Every committed record value of {@code topic} from its beginning to its current end. */
    private void readAll(String topic, Consumer<byte[]> action) throws Exception {
        List<TopicPartition> partitions = partitions(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        action.accept(record.value());
                    }
                }
            }
        }
    }

    /** Records of {@code topic} the group has not committed yet (a partition never committed counts whole). */
    long lag(String group, String topic) throws Exception {
        // committed first: end offsets only grow, so the difference can never come out negative
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = endOffsets(topic);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Waits until the group caught up; returns the seconds it took, or -1 on timeout. */
    double awaitDrained(String group, String topic, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lag(group, topic) == 0) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(250);
        }
        return -1;
    }

    Set<String> topics() throws Exception {
        return admin.listTopics().names().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
