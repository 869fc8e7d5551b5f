package io.switchboard.agent;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one database transaction of the loop publishes. Written to {@code loop_outbox} in that same
 * transaction ({@link OutboxRows}) and published by the {@link OutboxRelay} once it committed, so an
 * event goes out if and only if the transaction that decided it committed.
 */
public class Outbox {

    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

    public void add(ProducerRecord<String, byte[]> record) {
        records.add(record);
    }

    public List<ProducerRecord<String, byte[]>> records() {
        return records;
    }
}
