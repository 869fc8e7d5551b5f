package io.switchboard.outbound;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.kafka.Acknowledged;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.kafka.RawMessageJournal;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The outbound side's durable writes: reply commands, statuses, sent replies as ContactRecords and the
 * {@code replied} agent events, all acknowledged by every in-sync replica (the settings of inbound intake, so an
 * unreachable broker fails within the ingress ack timeout). Callers wait on worker threads, never on an event loop.
 */
@Singleton
public class OutboundJournal {

    private final KafkaProducer<String, byte[]> producer;
    private final Duration ackTimeout;

    @Inject
    public OutboundJournal(KafkaConnection kafka, SwitchboardConfig config) {
        this.ackTimeout = config.ingress().ackTimeout();
        this.producer = new KafkaProducer<>(RawMessageJournal.producerSettings(kafka.clientSettings(),
                config.ingress().lingerMs(), ackTimeout), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends all, then waits until the broker acknowledged every one of them, at most the ingress ack timeout. */
    public void write(List<ProducerRecord<String, byte[]>> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            acks.add(Acknowledged.send(producer, record));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
