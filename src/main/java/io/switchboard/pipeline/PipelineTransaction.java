package io.switchboard.pipeline;

import io.switchboard.kafka.Acknowledged;
import io.switchboard.kafka.TransactionalProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One pipeline worker's Kafka transaction: everything a batch publishes and the batch's
 * {@code inbound.raw} offsets become visible together or not at all, so a batch retried after a
 * broker failure never leaves a second copy for {@code read_committed} readers. The transactional id
 * is stable per instance and worker: a restarted instance aborts its predecessor's open transaction
 * when it starts instead of leaving readers waiting for the transaction timeout.
 */
final class PipelineTransaction implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final List<Runnable> afterCommit = new ArrayList<>();

    private PipelineTransaction(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** @see TransactionalProducer#open */
    static PipelineTransaction open(Map<String, Object> connection, String transactionalId, Duration ackTimeout) {
        return new PipelineTransaction(TransactionalProducer.open(connection, transactionalId, ackTimeout));
    }

    /** Starts a batch's transaction (on the client only: the broker hears of it with the first send). */
    void begin() {
        afterCommit.clear();
        producer.beginTransaction();
    }

    /** Sends within the transaction; completes on the broker's ack. */
    CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        return Acknowledged.send(producer, record);
    }

    /** Runs {@code action} once the current transaction committed, i.e. once readers can see its records. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Makes the batch's records and its consumed offsets visible at once. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
        afterCommit.forEach(Runnable::run);
    }

    /** Closes without waiting: an unfinished transaction is aborted by the next producer with the same id. */
    @Override
    public void close() {
        producer.close(Duration.ZERO);
    }
}
