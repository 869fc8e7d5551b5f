package io.switchboard.pipeline;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.kafka.RawMessageHeaders;
import io.switchboard.kafka.Topics;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds {@code inbound.raw} into the {@code contact-pipeline} route one poll at a time. Each worker
 * thread has its own consumer and its own Kafka transaction ({@link PipelineTransaction}): what the
 * route publishes for a poll and the poll's offsets commit together, so {@code read_committed} readers
 * see each batch's records exactly once. If anything fails (broker or database away, a fenced
 * producer, a rebalance), the transaction is aborted (or, when the producer can no longer abort, the
 * producer is replaced), the worker goes back to its group's committed offsets and retries with
 * backoff: an outage stalls the pipeline, it never skips a message.
 * On shutdown the batch in progress is finished and committed before the database and the broker
 * connection close, so a stopping gateway neither abandons nor repeats work (docs/architecture.md "Graceful shutdown").
 */
@Singleton
public class RawTopicConsumer {

    private static final Logger LOG = Logger.getLogger(RawTopicConsumer.class);
    static final String GROUP_ID = "switchboard-pipeline";
    private static final String PIPELINE_ROUTE = "direct:contact-pipeline";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long shutdown waits for the batch in progress before abandoning it to the next consumer. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaConnection kafka;
    private final Topics topics;
    private final ProducerTemplate template;
    private final int threads;
    private final int maxPollRecords;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();

    @Inject
    public RawTopicConsumer(KafkaConnection kafka, Topics topics, ProducerTemplate template, SwitchboardConfig config,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.kafka = kafka;
        this.topics = topics;
        this.template = template;
        this.threads = config.pipeline().threads();
        this.maxPollRecords = config.pipeline().maxPollRecords();
        this.transactionalIdPrefix = config.pipeline().transactionalId().orElseGet(() -> hostName() + "-" + httpPort);
        this.transactionTimeout = config.pipeline().transactionTimeout();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    void start(@Observes StartupEvent event) {
        running.set(true);
        for (int i = 0; i < threads; i++) {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            String transactionalId = GROUP_ID + "-" + transactionalIdPrefix + "-" + i;
            Thread worker = new Thread(() -> run(consumer, transactionalId), "contact-pipeline-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Runs before every other shutdown observer (the database and broker connections close after it).
     * No wakeup: it would abort a finished batch's commit and leave it to be re-read; a worker
     * notices the flag within one poll (500 ms) or right after the batch it is working on.
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        running.set(false);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (worker.isAlive()) {
                LOG.warnf("%s did not finish its batch within %s; its offsets stay uncommitted", worker.getName(),
                        DRAIN_TIMEOUT);
                worker.interrupt();
            }
        }
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> settings = kafka.clientSettings();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return settings;
    }

    private void run(KafkaConsumer<String, byte[]> consumer, String transactionalId) {
        Duration backoff = Duration.ofMillis(250);
        PipelineTransaction transaction = null;
        boolean rewind = false;
        try {
            consumer.subscribe(List.of(topics.inboundRaw()));
            while (running.get()) {
                int count = 0;
                try {
                    if (transaction == null) {
                        transaction = PipelineTransaction.open(kafka.clientSettings(), transactionalId,
                                ContactPublisher.ACK_TIMEOUT, transactionTimeout);
                    }
                    if (rewind) {
                        backToCommitted(consumer);
                        rewind = false;
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    count = records.count();
                    if (count == 0) {
                        continue;
                    }
                    transaction.begin();
                    template.sendBody(PIPELINE_ROUTE, toBatch(records, transaction));
                    transaction.commit(nextOffsets(records), consumer.groupMetadata());
                    backoff = Duration.ofMillis(250);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // first, so that read_committed readers of what the batch wrote go on at once
                    if (transaction != null && !transaction.abortAfter(e)) {
                        transaction.close();
                        transaction = null;
                    }
                    if (!running.get()) {
                        break;
                    }
                    LOG.errorf("Pipeline failed for %d raw messages, retrying from the committed offsets in %d ms: %s",
                            count, backoff.toMillis(), rootCause(e));
                    rewind = true;
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            if (transaction != null) {
                transaction.close();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    static PipelineBatch toBatch(ConsumerRecords<String, byte[]> records, PipelineTransaction transaction) {
        PipelineBatch batch = new PipelineBatch(transaction);
        for (ConsumerRecord<String, byte[]> r : records) {
            batch.add(new PipelineBatch.Source(r.topic(), r.partition(), r.offset(), r.key(),
                    RawMessageHeaders.asMap(r.headers()), r.value()));
        }
        return batch;
    }

    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /**
     * Seeks every assigned partition to the group's committed offset. Only the broker knows whether a
     * failed commit went through, so a retry starts from there rather than from the failed poll.
     */
    private static void backToCommitted(KafkaConsumer<String, byte[]> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, Duration.ofSeconds(10));
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    /** Waits out a retry backoff, but no longer than the gateway keeps running. */
    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            while (running.get() && System.nanoTime() < deadline) {
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
