package io.switchboard.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A send as a future that completes when the broker acknowledged the record, or with why it did not. */
public final class Acknowledged {

    private Acknowledged() {}

    public static CompletableFuture<Void> send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(error);
            }
        });
        return acked;
    }
}
