package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its current end and notes, per request of this run, when its record arrived: by default an
 * agent queue's ContactRecord matched by {@code channelMessageId} (the client's own end-to-end view); also the bare
 * route's raw bodies by {@code messageId}, or reply statuses by {@code replyId} with a required {@code "status":"sent"}.
 */
final class QueueWatcher implements Runnable {

    static final String CONTACT_ID_FIELD = "channelMessageId";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final byte[] idField;
    private final byte[] required;
    private final Arrivals arrivals;
    private volatile boolean running = true;
    private final Thread thread = new Thread(this, "queue-watcher");

    /** @param required text a record must contain to count (null: every record with the id field) */
    QueueWatcher(String bootstrap, List<TopicPartition> partitions, String runId, int capacity, String idField,
            String required) {
        this.idField = fieldStart(idField);
        this.required = required == null ? null : required.getBytes(StandardCharsets.UTF_8);
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.arrivals = new Arrivals(runId, capacity);
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
                if (required != null && indexOf(r.value(), required) < 0) {
                    continue;
                }
                arrivals.note(field(r.value(), idField), now);
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    /** When each request's record was first read. */
    Arrivals arrivals() {
        return arrivals;
    }

    /** {@code "name":"} as bytes: what {@link #field} looks for. */
    static byte[] fieldStart(String name) {
        return ("\"" + name + "\":\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The first string value of a JSON field in compact JSON, without parsing it; null when absent. */
    static String field(byte[] value, byte[] fieldStart) {
        int i = indexOf(value, fieldStart);
        if (i < 0) {
            return null;
        }
        int start = i + fieldStart.length;
        for (int k = start; k < value.length; k++) {
            if (value[k] == '"') {
                return new String(value, start, k - start, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static int indexOf(byte[] value, byte[] needle) {
        outer:
        for (int i = 0; i <= value.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (value[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
