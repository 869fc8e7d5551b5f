package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an agent queue topic from its current end and notes, per request of this run, when its
 * ContactRecord arrived (matched by {@code channelMessageId}): the client's own end-to-end view.
 */
final class QueueWatcher implements Runnable {

    private static final byte[] FIELD = "\"channelMessageId\":\"".getBytes(StandardCharsets.UTF_8);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String idPrefix;
    private final AtomicLongArray consumedNanos;
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread = new Thread(this, "queue-watcher");

    QueueWatcher(String bootstrap, String topic, List<TopicPartition> partitions, String runId, int capacity) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.idPrefix = runId + "-";
        this.consumedNanos = new AtomicLongArray(capacity);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                String id = channelMessageId(r.value());
                if (id == null || !id.startsWith(idPrefix)) {
                    foreign.incrementAndGet();
                    continue;
                }
                int seq;
                try {
                    seq = Integer.parseInt(id.substring(idPrefix.length()));
                } catch (NumberFormatException e) {
                    foreign.incrementAndGet();
                    continue;
                }
                if (consumedNanos.compareAndSet(seq, 0, now)) {
                    matched.incrementAndGet();
                } else {
                    duplicates.incrementAndGet();
                }
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    long consumedAt(long seq) {
        return consumedNanos.get((int) seq);
    }

    long matched() {
        return matched.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long foreign() {
        return foreign.get();
    }

    private static String channelMessageId(byte[] value) {
        outer:
        for (int i = 0; i <= value.length - FIELD.length; i++) {
            for (int j = 0; j < FIELD.length; j++) {
                if (value[i + j] != FIELD[j]) {
                    continue outer;
                }
            }
            int start = i + FIELD.length;
            for (int k = start; k < value.length; k++) {
                if (value[k] == '"') {
                    return new String(value, start, k - start, StandardCharsets.UTF_8);
                }
            }
            return null;
        }
        return null;
    }
}
