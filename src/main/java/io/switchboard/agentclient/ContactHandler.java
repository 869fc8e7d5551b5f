package io.switchboard.agentclient;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Works one ContactRecord (JSON, keyed by customer id) taken from a queue lane. */
@FunctionalInterface
public interface ContactHandler {

    /** Its offset is committed once this returns; if it throws, the record is delivered again. */
    void handle(Lane lane, ConsumerRecord<String, String> contact) throws Exception;
}
