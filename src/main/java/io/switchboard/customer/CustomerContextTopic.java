package io.switchboard.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.kafka.Acknowledged;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.kafka.RawMessageJournal;
import io.switchboard.kafka.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The compacted {@code customer-context} topic: the latest context of each customer keyed by its id,
 * and a tombstone (null value) once the customer is erased or merged away, so compaction forgets it.
 * Writers wait for the acknowledgements while they still hold the customer's row lock, which orders
 * an erasure's tombstone after every context the pipeline wrote before it.
 */
@Singleton
public class CustomerContextTopic {

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper json;

    @Inject
    public CustomerContextTopic(KafkaConnection kafka, Topics topics, ObjectMapper json) {
        this(new KafkaProducer<>(RawMessageJournal.producerSettings(kafka.clientSettings(), 5, ACK_TIMEOUT),
                new StringSerializer(), new ByteArraySerializer()), topics.customerContext(), json);
    }

    public CustomerContextTopic(Producer<String, byte[]> producer, String topic, ObjectMapper json) {
        this.producer = producer;
        this.topic = topic;
        this.json = json;
    }

    /** Sends each customer's context (null: a tombstone) and returns once all are acknowledged. */
    public void publishAndAwait(Map<String, Map<String, Object>> contextByCustomer)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[contextByCustomer.size()];
        int i = 0;
        for (Map.Entry<String, Map<String, Object>> entry : contextByCustomer.entrySet()) {
            CompletableFuture<Void> ack = send(entry.getKey(), entry.getValue() == null ? null : bytes(entry.getValue()));
            acks[i++] = ack;
            if (ack.isCompletedExceptionally()) {
                // An unknown topic or an unreachable broker fails the first send after max.block.ms; waiting
                // that long again for every other customer of the batch would only delay the retry.
                ack.get();
            }
        }
        CompletableFuture.allOf(acks).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    public void tombstoneAndAwait(List<String> customerIds) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<?>[] acks = customerIds.stream().map(id -> send(id, null)).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(acks).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private byte[] bytes(Map<String, Object> context) {
        try {
            return json.writeValueAsBytes(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("customer context could not be serialised", e);
        }
    }

    private CompletableFuture<Void> send(String key, byte[] value) {
        return Acknowledged.send(producer, new ProducerRecord<>(topic, key, value));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
