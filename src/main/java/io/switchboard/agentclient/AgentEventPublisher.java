package io.switchboard.agentclient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reports what agents do on {@code <prefix>agent-events}: conversation events keyed by conversation
 * id (so the gateway sees one conversation's events in order), presence keyed by agent id. Each call
 * returns once the broker acknowledged the event (acks=all, idempotent producer).
 */
public final class AgentEventPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Duration ackTimeout;

    /** @param settings Kafka producer settings; at least {@code bootstrap.servers} */
    public AgentEventPublisher(Map<String, Object> settings, String topicPrefix) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.topic = topicPrefix + "agent-events";
        this.ackTimeout = Duration.ofSeconds(20);
    }

    /** The agent took the conversation: it stops waiting in its queue. */
    public void claimed(String conversationId, String agentId) throws Exception {
        conversationEvent("claimed", conversationId, agentId, null, Instant.now());
    }

    /** The agent answered the customer: the first-response SLA clock stops. */
    public void replied(String conversationId, String agentId) throws Exception {
        conversationEvent("replied", conversationId, agentId, null, Instant.now());
    }

    /** The conversation is resolved: the resolution clock stops and a satisfaction survey is requested. */
    public void resolved(String conversationId, String agentId) throws Exception {
        conversationEvent("resolved", conversationId, agentId, null, Instant.now());
    }

    /** The conversation goes back to waiting, in {@code targetQueue}, for any agent of that queue. */
    public void transferred(String conversationId, String agentId, String targetQueue) throws Exception {
        conversationEvent("transferred", conversationId, agentId, targetQueue, Instant.now());
    }

    /** @param queues the queues the agent works; empty means every queue */
    public void agentOnline(String agentId, List<String> queues) throws Exception {
        ObjectNode event = event("agent-online", agentId, Instant.now());
        queues.forEach(event.putArray("queues")::add);
        send(agentId, event);
    }

    public void agentOffline(String agentId) throws Exception {
        send(agentId, event("agent-offline", agentId, Instant.now()));
    }

    /** Any conversation event with an explicit time (e.g. replaying an agent tool's own log). */
    public void conversationEvent(String type, String conversationId, String agentId, String queue, Instant at)
            throws Exception {
        ObjectNode event = event(type, agentId, at).put("conversationId", conversationId);
        if (queue != null) {
            event.put("queue", queue);
        }
        send(conversationId, event);
    }

    private static ObjectNode event(String type, String agentId, Instant at) {
        return JSON.createObjectNode().put("type", type).put("agentId", agentId).put("at", at.toString());
    }

    private void send(String key, ObjectNode event)
            throws JsonProcessingException, InterruptedException, ExecutionException, TimeoutException {
        producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(event)))
                .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
