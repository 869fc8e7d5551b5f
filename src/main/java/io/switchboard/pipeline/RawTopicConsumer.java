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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.CommitFailedException;
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
 * Feeds {@code inbound.raw} into the {@code contact-pipeline} route one poll at a time and commits a
 * poll's offsets only after the route returned, i.e. after everything it produced was acknowledged.
 * If the route throws (broker or database away), the poll is rewound and retried with backoff: an
 * outage stalls the pipeline, it never skips a message. Offsets are committed per partition exactly
 * as processed (Camel's own batching consumer can over-commit prefetched offsets, CAMEL-23994).
 * On shutdown the batch in progress is finished and committed before the database and the broker
 * connection close, so a stopping gateway neither abandons nor repeats work (README "Graceful shutdown").
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
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();

    @Inject
    public RawTopicConsumer(KafkaConnection kafka, Topics topics, ProducerTemplate template, SwitchboardConfig config) {
        this.kafka = kafka;
        this.topics = topics;
        this.template = template;
        this.threads = config.pipeline().threads();
        this.maxPollRecords = config.pipeline().maxPollRecords();
    }

    void start(@Observes StartupEvent event) {
        running.set(true);
        for (int i = 0; i < threads; i++) {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            Thread worker = new Thread(() -> run(consumer), "contact-pipeline-" + i);
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

    private void run(KafkaConsumer<String, byte[]> consumer) {
        Duration backoff = Duration.ofMillis(250);
        try {
            consumer.subscribe(List.of(topics.inboundRaw()));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    template.sendBody(PIPELINE_ROUTE, toBatch(records));
                    consumer.commitSync(nextOffsets(records));
                    backoff = Duration.ofMillis(250);
                } catch (CommitFailedException e) {
                    LOG.warnf("Partitions were reassigned before the commit; another consumer re-reads them: %s",
                            e.getMessage());
                } catch (RuntimeException e) {
                    if (!running.get()) {
                        break;
                    }
                    LOG.errorf("Pipeline failed for %d raw messages, retrying in %d ms: %s", records.count(),
                            backoff.toMillis(), rootCause(e));
                    rewind(consumer, records);
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    static PipelineBatch toBatch(ConsumerRecords<String, byte[]> records) {
        PipelineBatch batch = new PipelineBatch();
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

    private static void rewind(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
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
