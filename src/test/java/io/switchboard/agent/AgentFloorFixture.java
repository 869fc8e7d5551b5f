package io.switchboard.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.kafka.MissingTopics;
import io.switchboard.kafka.RawMessageJournal;
import io.switchboard.kafka.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the gateway's pipeline for the agent-loop tests and the escalation bench: opens conversations
 * in PostgreSQL as the customer stage does, and publishes a record on its lane together with the
 * {@code routed} event of docs/contract.md ("The routed event"), exactly as ContactPublisher will.
 */
public final class AgentFloorFixture implements AutoCloseable {

    /** One contact to route. */
    public record Contact(UUID conversationId, String customerId, UUID recordId, String queue, String priority,
            Instant receivedAt, Instant respondBy, Instant resolveBy, String escalationQueue,
            List<AgentEvent.NextTarget> nextTargets) {

        public Contact withRecord() {
            return new Contact(conversationId, customerId, UUID.randomUUID(), queue, priority, receivedAt, respondBy,
                    resolveBy, escalationQueue, nextTargets);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final DataSource database;
    private final Topics topics = new Topics("switchboard.");
    private final KafkaProducer<String, byte[]> producer;

    public AgentFloorFixture(String bootstrapServers, DataSource database) {
        this.bootstrapServers = bootstrapServers;
        this.database = database;
        this.producer = new KafkaProducer<>(RawMessageJournal.producerSettings(kafkaSettings(), 5, Duration.ofSeconds(30)),
                new StringSerializer(), new ByteArraySerializer());
    }

    public Map<String, Object> kafkaSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    public Topics topics() {
        return topics;
    }

    /** Creates the contract topics and the lanes of {@code queues} that do not exist yet. */
    public void createTopics(Collection<String> queues) throws Exception {
        try (Admin admin = Admin.create(kafkaSettings())) {
            MissingTopics.create(admin, topics.contractTopics(queues, 6, (short) 1), Duration.ofSeconds(30));
        }
    }

    /** A customer with one open conversation, as the customer stage leaves it. */
    public Contact openConversation(String queue, String priority, Duration respondWithin, Duration resolveWithin,
            String escalationQueue, List<AgentEvent.NextTarget> nextTargets) throws SQLException {
        UUID customer = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        Instant now = Instant.now();
        try (Connection c = database.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO customer (id) VALUES (?)")) {
                s.setObject(1, customer);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation (id, customer_id, state, opened_at,"
                    + " last_contact_at) VALUES (?, ?, 'open', ?, ?)")) {
                s.setObject(1, conversation);
                s.setObject(2, customer);
                s.setTimestamp(3, Timestamp.from(now));
                s.setTimestamp(4, Timestamp.from(now));
                s.executeUpdate();
            }
        }
        return new Contact(conversation, customer.toString(), UUID.randomUUID(), queue, priority, now,
                respondWithin == null ? null : now.plus(respondWithin), resolveWithin == null ? null : now.plus(resolveWithin),
                escalationQueue, nextTargets);
    }

    /** The record on its lane and the routed event, sent together; returns once both are acknowledged. */
    public void route(Contact contact) throws Exception {
        routeAll(List.of(contact));
    }

    public void routeAll(List<Contact> contacts) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Contact contact : contacts) {
            ObjectNode record = record(contact);
            acks.add(producer.send(new ProducerRecord<>(topics.queue(contact.queue(),
                    io.switchboard.domain.Priority.fromWireName(contact.priority())), contact.customerId(),
                    JSON.writeValueAsBytes(record))));
            acks.add(producer.send(new ProducerRecord<>(topics.agentEvents(), contact.conversationId().toString(),
                    JSON.writeValueAsBytes(routed(contact, record)))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /** Any raw value on agent-events, e.g. a malformed one. */
    public void publishAgentEvent(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topics.agentEvents(), key, value)).get(30, TimeUnit.SECONDS);
    }

    static ObjectNode record(Contact contact) {
        ObjectNode record = JSON.createObjectNode()
                .put("id", contact.recordId().toString())
                .put("channel", "chat")
                .put("direction", "inbound")
                .put("receivedAt", contact.receivedAt().toString())
                .put("conversationId", contact.conversationId().toString())
                .put("text", "my order has not arrived")
                .put("priority", contact.priority())
                .put("queue", contact.queue());
        record.putObject("customer").put("id", contact.customerId()).put("class", "returning");
        ObjectNode sla = record.putObject("sla");
        sla.put("respondBy", contact.respondBy() == null ? null : contact.respondBy().toString());
        sla.put("resolveBy", contact.resolveBy() == null ? null : contact.resolveBy().toString());
        return record;
    }

    static ObjectNode routed(Contact contact, ObjectNode record) {
        ObjectNode event = JSON.createObjectNode()
                .put("type", "routed")
                .put("conversationId", contact.conversationId().toString())
                .put("at", Instant.now().toString())
                .put("queue", contact.queue())
                .put("priority", contact.priority())
                .put("customerId", contact.customerId())
                .put("recordId", contact.recordId().toString())
                .put("channel", "chat")
                .put("receivedAt", contact.receivedAt().toString())
                .put("respondBy", contact.respondBy() == null ? null : contact.respondBy().toString())
                .put("resolveBy", contact.resolveBy() == null ? null : contact.resolveBy().toString())
                .putNull("preferredAgent")
                .put("rule", "test-rule")
                .put("escalationQueue", contact.escalationQueue());
        ArrayNode targets = event.putArray("nextTargets");
        contact.nextTargets().forEach(t -> targets.addObject().put("queue", t.queue()).put("after", t.after().toString()));
        event.set("record", record);
        return event;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
