package io.switchboard.kafka;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.RawMessage;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes accepted raw messages durably to {@code inbound.raw} (acks=all, idempotent) and tells the
 * caller when the broker has acknowledged them. Sends run on one dedicated thread, so a broker that
 * stalls the producer (metadata wait, full buffer) never blocks an HTTP event loop; concurrent
 * requests share producer batches through a small {@code linger.ms}.
 */
@Singleton
public class RawMessageJournal {

    /** Messages waiting for the sender thread; beyond this the gateway is overloaded and says so. */
    private static final int MAX_QUEUED_SENDS = 20_000;

    private final KafkaProducer<String, byte[]> producer;
    private final ThreadPoolExecutor sender;
    private final String topic;

    @Inject
    public RawMessageJournal(KafkaConnection kafka, Topics topics, SwitchboardConfig config) {
        this.topic = topics.inboundRaw();
        this.producer = new KafkaProducer<>(producerSettings(kafka.clientSettings(), config.ingress().lingerMs(),
                config.ingress().ackTimeout()), new StringSerializer(), new ByteArraySerializer());
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_SENDS),
                r -> {
                    Thread t = new Thread(r, "raw-journal-sender");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Sends settings for every durable write: acknowledged by all in-sync replicas, idempotent, and
     * bounded in time so an unreachable broker turns into a failure well within the ack timeout.
     */
    public static Map<String, Object> producerSettings(Map<String, Object> connection, int lingerMs, Duration ackTimeout) {
        long budget = Math.max(1500, ackTimeout.toMillis() - 500);
        connection.put(ProducerConfig.ACKS_CONFIG, "all");
        connection.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        connection.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        connection.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        connection.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        connection.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, budget / 2);
        connection.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (budget - lingerMs - 100));
        connection.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) budget);
        return connection;
    }

    /** Completes when the broker acknowledged the message, exceptionally when it could not be stored. */
    public CompletionStage<RecordMetadata> append(RawMessage message) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, message.channelMessageId(),
                message.body(), RawMessageHeaders.toHeaders(message));
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            acked.completeExceptionally(error);
                        } else {
                            acked.complete(metadata);
                        }
                    });
                } catch (RuntimeException e) {
                    acked.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            acked.completeExceptionally(new JournalOverloadedException());
        }
        return acked;
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** More messages are waiting for the broker than the gateway is willing to hold. */
    public static final class JournalOverloadedException extends RuntimeException {
        JournalOverloadedException() {
            super("too many messages are waiting for the broker", null, false, false);
        }
    }
}
