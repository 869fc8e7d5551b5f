package io.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning with a plain Kafka consumer, as an agent tool would. */
public final class TopicReader {

    private TopicReader() {}

    /** Every record on {@code topic} matching {@code filter}, read until {@code expected} are found or the time is up. */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
            int expected, Duration within) {
        return read(GatewayInfrastructure.bootstrapServers(), topic, filter, expected, within);
    }

    public static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, byte[]>> filter, int expected, Duration within) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + within.toNanos();
            List<TopicPartition> partitions = partitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                }
                if (found.size() >= expected && caughtUp(consumer, partitions)) {
                    break;
                }
            }
            return found;
        }
    }

    /** Committed records on {@code topic} now, counted by reading: transaction markers take offsets too. */
    public static long count(String topic) {
        return read(topic, r -> true, 0, Duration.ofSeconds(60)).size();
    }

    public static Predicate<ConsumerRecord<String, byte[]>> valueContains(String text) {
        return r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(text);
    }

    public static Predicate<ConsumerRecord<String, byte[]>> keyIs(String key) {
        return r -> key.equals(r.key());
    }

    /** A broker's metadata can lag a topic its controller just created: wait for the partitions to show. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic, long deadline) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        if (partitions.isEmpty()) {
            throw new AssertionError("topic " + topic + " does not exist");
        }
        return partitions;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }
}
