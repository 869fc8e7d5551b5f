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
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * One pipeline worker's Kafka transaction: everything a batch publishes and the batch's
 * {@code inbound.raw} offsets become visible together or not at all, so a batch retried after a
 * broker failure never leaves a second copy for {@code read_committed} readers.
 * <p>An open transaction holds back every {@code read_committed} reader of the partitions it wrote to
 * (they stop at its first record, the last stable offset), so none may stay open longer than needed:
 * a failed batch aborts its own ({@link #abortAfter}); one left by a crash is aborted by the next
 * producer with the same transactional id when it opens (ids are stable per instance and worker, e.g. a
 * StatefulSet pod's name), and failing that by the broker after {@code transaction.timeout.ms}.
 */
final class PipelineTransaction implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean inTransaction;

    private PipelineTransaction(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * @see TransactionalProducer#open; the broker aborts a transaction of this producer that stays open
     * longer than {@code transactionTimeout}.
     */
    static PipelineTransaction open(Map<String, Object> connection, String transactionalId, Duration ackTimeout,
            Duration transactionTimeout) {
        return new PipelineTransaction(TransactionalProducer.open(connection, transactionalId, ackTimeout,
                transactionTimeout));
    }

    /** Starts a batch's transaction (on the client only: the broker hears of it with the first send). */
    void begin() {
        afterCommit.clear();
        // first: a producer that cannot even begin cannot abort either, so abortAfter has it replaced
        inTransaction = true;
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
        inTransaction = false;
        afterCommit.forEach(Runnable::run);
    }

    /**
     * Aborts the transaction of a batch that failed with {@code failure}, so that readers go past its
     * records at once. Returns whether this producer can carry on with the next batch; when not (it
     * was fenced, hit a fatal error, or could not abort, e.g. with the broker away or a commit still
     * pending), the caller closes it and the next producer with this id aborts what is left open.
     */
    boolean abortAfter(Throwable failure) {
        if (fatal(failure)) {
            return false;
        }
        if (!inTransaction) {
            return true;
        }
        try {
            producer.abortTransaction();
            inTransaction = false;
            return true;
        } catch (RuntimeException abortFailed) {
            return false;
        }
    }

    /** The errors after which Kafka's producer allows nothing but closing it (KafkaProducer's javadoc). */
    static boolean fatal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof OutOfOrderSequenceException
                    || cause instanceof AuthorizationException || cause instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }

    /** Closes without waiting: an unfinished transaction is aborted by the next producer with the same id. */
    @Override
    public void close() {
        producer.close(Duration.ZERO);
    }
}
