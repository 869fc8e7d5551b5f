package io.switchboard.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.ContactRecord;
import io.switchboard.kafka.Topics;
import io.switchboard.ops.IngressMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Last stage: every record to {@code contacts} and to its agent queue lane (with a {@code routed} event
 * on {@code agent-events} for the agent loop's SLA clocks), every message that could
 * not be processed to {@code dead-letter} with its original bytes and the reason, all sent at once and
 * then awaited together in the batch's transaction. Returns only when the broker acknowledged all of
 * them; otherwise it throws and the batch is retried without its transaction being committed.
 */
@Singleton
@Named("contactPublisher")
public class ContactPublisher {

    public static final String DLQ_REASON = "sb-dead-letter-reason";
    public static final String DLQ_STAGE = "sb-dead-letter-stage";
    public static final String DLQ_SOURCE = "sb-dead-letter-source";
    public static final String DLQ_AT = "sb-dead-letter-at";

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Topics topics;
    private final ObjectMapper json;
    private final IngressMetrics metrics;

    /**
     * Kafka's default {@code max.request.size} and {@code message.max.bytes} (1 MiB), less room for the key,
     * headers and batch framing.
     */
    static final int MAX_RECORD_BYTES = 1_048_576 - 64 * 1024;
    private static final String STAGE = "publish";

    @Inject
    public ContactPublisher(Topics topics, ObjectMapper json, IngressMetrics metrics) {
        this.topics = topics;
        this.json = json;
        this.metrics = metrics;
    }

    public void publish(PipelineBatch batch) throws InterruptedException, ExecutionException, TimeoutException {
        PipelineTransaction transaction = batch.transaction();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (PipelineBatch.Item item : batch.items()) {
            if (item.failed()) {
                acks.add(transaction.send(deadLetter(item)));
                if (item.raw() != null) {
                    metrics.deadLettered(item.raw().channel(), item.failedStage());
                }
            } else if (item.live()) {
                publishOrSetAside(transaction, item, acks);
            } else if (item.duplicate() && item.raw() != null) {
                metrics.duplicateDropped(item.raw().channel());
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * A record (or its routed event, which embeds it) too large for Kafka would fail the batch's transaction
     * on every retry and stall the pipeline; it goes to the dead letters instead, with its raw message and
     * the reason, and the rest of the batch goes on.
     */
    private void publishOrSetAside(PipelineTransaction transaction, PipelineBatch.Item item, List<CompletableFuture<?>> acks) {
        ContactRecord record = item.record();
        byte[] value;
        try {
            value = json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ContactRecord " + record.id() + " could not be serialised", e);
        }
        byte[] routed = record.queue() != null && record.conversationId() != null ? routedEvent(record) : null;
        int largest = Math.max(value.length, routed == null ? 0 : routed.length);
        if (largest > MAX_RECORD_BYTES) {
            item.fail(STAGE, "the ContactRecord or its routed event is " + largest + " bytes, over the "
                    + MAX_RECORD_BYTES + " a Kafka record may carry here");
            acks.add(transaction.send(deadLetter(item)));
            if (item.raw() != null) {
                metrics.deadLettered(item.raw().channel(), STAGE);
            }
            return;
        }
        publishContact(transaction, record, value, routed, acks);
    }

    private void publishContact(PipelineTransaction transaction, ContactRecord record, byte[] value, byte[] routed,
            List<CompletableFuture<?>> acks) {
        String key = record.customer().id();
        acks.add(transaction.send(new ProducerRecord<>(topics.contacts(), key, value)));
        if (record.queue() == null) {
            return;
        }
        acks.add(transaction.send(new ProducerRecord<>(topics.queue(record.queue(), record.priority()), key, value)));
        // on the queue once agents can read it, i.e. once the batch's transaction committed
        transaction.afterCommit(() -> metrics.reachedQueue(record.channel(), Duration.between(record.receivedAt(), Instant.now())));
        if (routed != null) {
            acks.add(transaction.send(new ProducerRecord<>(topics.agentEvents(), record.conversationId(), routed)));
        }
    }

    /** The gateway's own agent event: starts the conversation's SLA clocks and queue wait in the agent loop. */
    private byte[] routedEvent(ContactRecord record) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "routed");
        event.put("conversationId", record.conversationId());
        event.put("at", Instant.now().toString());
        event.put("queue", record.queue());
        event.put("priority", record.priority().wireName());
        event.put("customerId", record.customer().id());
        event.put("recordId", record.id());
        event.put("channel", record.channel().wireName());
        event.put("receivedAt", record.receivedAt().toString());
        event.put("respondBy", record.sla() == null ? null : record.sla().respondBy().toString());
        event.put("resolveBy", record.sla() == null ? null : record.sla().resolveBy().toString());
        event.put("preferredAgent", record.preferredAgent());
        ContactRecord.Routing routing = record.routing();
        event.put("rule", routing == null ? null : routing.rule());
        event.set("nextTargets", json.valueToTree(routing == null ? List.of() : routing.nextTargets()));
        event.put("escalationQueue", routing == null ? null : routing.escalationQueue());
        event.set("record", json.valueToTree(record));
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("routed event of " + record.id() + " could not be serialised", e);
        }
    }

    private ProducerRecord<String, byte[]> deadLetter(PipelineBatch.Item item) {
        PipelineBatch.Source source = item.source();
        RecordHeaders headers = new RecordHeaders();
        source.headers().forEach(headers::add);
        headers.add(DLQ_REASON, utf8(item.failure()));
        headers.add(DLQ_STAGE, utf8(item.failedStage()));
        headers.add(DLQ_SOURCE, utf8(source.position()));
        headers.add(DLQ_AT, utf8(Instant.now().toString()));
        return new ProducerRecord<>(topics.deadLetter(), null, source.key(), source.body(), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
