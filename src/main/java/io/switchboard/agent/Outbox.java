package io.switchboard.agent;

import io.switchboard.kafka.Acknowledged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one database transaction of the loop publishes. Sent together and awaited before the
 * transaction commits, so nothing is recorded as published that the broker did not acknowledge.
 */
public class Outbox {

    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

    public void add(ProducerRecord<String, byte[]> record) {
        records.add(record);
    }

    public List<ProducerRecord<String, byte[]>> records() {
        return records;
    }

    public void sendAndAwait(Producer<String, byte[]> producer, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : records) {
            acks.add(Acknowledged.send(producer, record));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
