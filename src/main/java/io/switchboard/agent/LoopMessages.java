package io.switchboard.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.Priority;
import io.switchboard.kafka.Topics;
import io.switchboard.pipeline.ContactPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The messages the loop publishes: escalations, survey requests, re-routed records and dead letters. */
public class LoopMessages {

    /** An SLA clock that fired: which conversation, which clock, where it waited and when it was due. */
    public record ClockEvent(UUID conversationId, String kind, String queue, Priority priority, Instant dueAt) {}

    /** A survey owed for a resolved conversation. */
    public record SurveyRequest(UUID conversationId, String customerId, String channel, String agentId,
            Instant resolvedAt) {}

    private final Topics topics;
    private final ObjectMapper json;

    public LoopMessages(Topics topics, ObjectMapper json) {
        this.topics = topics;
        this.json = json;
    }

    /**
     * {@code sla-warning}, {@code sla-breach} or {@code escalated}. The event id depends only on the
     * conversation, clock, type and deadline, so a re-publication after a crash carries the same id.
     */
    public ProducerRecord<String, byte[]> escalation(String type, ClockEvent clock, Instant at) {
        return new ProducerRecord<>(topics.escalations(), clock.conversationId().toString(),
                bytes(escalationBody(type, clock, clock.kind(), clock.dueAt(), at)));
    }

    /** {@code sla-warning}: {@code warnAt} is the configured fraction of the SLA, {@code dueAt} the deadline. */
    public ProducerRecord<String, byte[]> warning(ClockEvent clock, Instant warnAt, Instant at) {
        ObjectNode event = escalationBody("sla-warning", clock, clock.kind(), clock.dueAt(), at)
                .put("warnAt", warnAt.toString());
        return new ProducerRecord<>(topics.escalations(), clock.conversationId().toString(), bytes(event));
    }

    /** {@code escalated}: the breached conversation now waits in {@code to}'s queue, at its raised priority. */
    public ProducerRecord<String, byte[]> escalated(ClockEvent breached, String toQueue, Priority toPriority, Instant at) {
        ObjectNode event = escalationBody("escalated", breached, breached.kind(), breached.dueAt(), at)
                .put("queue", toQueue)
                .put("priority", toPriority.wireName())
                .put("fromQueue", breached.queue())
                .put("fromPriority", breached.priority().wireName());
        return new ProducerRecord<>(topics.escalations(), breached.conversationId().toString(), bytes(event));
    }

    private ObjectNode escalationBody(String type, ClockEvent clock, String kind, Instant dueAt, Instant at) {
        return json.createObjectNode()
                .put("eventId", eventId(type, clock.conversationId(), kind, dueAt))
                .put("type", type)
                .put("kind", kind)
                .put("conversationId", clock.conversationId().toString())
                .put("queue", clock.queue())
                .put("priority", clock.priority().wireName())
                .put("dueAt", dueAt.toString())
                .put("at", at.toString());
    }

    public ProducerRecord<String, byte[]> survey(SurveyRequest survey, Instant at) {
        ObjectNode event = json.createObjectNode()
                .put("eventId", eventId("survey", survey.conversationId(), "", Instant.EPOCH))
                .put("conversationId", survey.conversationId().toString())
                .put("customerId", survey.customerId())
                .put("channel", survey.channel())
                .put("agentId", survey.agentId())
                .put("resolvedAt", survey.resolvedAt().toString())
                .put("at", at.toString());
        return new ProducerRecord<>(topics.surveys(), survey.conversationId().toString(), bytes(event));
    }

    /** The conversation's latest record, as it now stands: on {@code queue}'s {@code priority} lane. */
    public ProducerRecord<String, byte[]> onLane(String recordJson, String queue, Priority priority) {
        try {
            ObjectNode record = (ObjectNode) json.readTree(recordJson);
            record.put("queue", queue).put("priority", priority.wireName());
            String customerId = record.at("/customer/id").asText(null);
            return new ProducerRecord<>(topics.queue(queue, priority), customerId, bytes(record));
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("stored record is not a JSON object", e);
        }
    }

    public ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, String reason) {
        RecordHeaders headers = new RecordHeaders();
        source.headers().forEach(headers::add);
        headers.add(ContactPublisher.DLQ_REASON, utf8(reason));
        headers.add(ContactPublisher.DLQ_STAGE, utf8("agent-events"));
        headers.add(ContactPublisher.DLQ_SOURCE, utf8(source.topic() + "/" + source.partition() + "/" + source.offset()));
        headers.add(ContactPublisher.DLQ_AT, utf8(Instant.now().toString()));
        return new ProducerRecord<>(topics.deadLetter(), null, source.key(), source.value(), headers);
    }

    static String eventId(String type, UUID conversationId, String kind, Instant dueAt) {
        return UUID.nameUUIDFromBytes((type + "|" + conversationId + "|" + kind + "|" + dueAt)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + node, e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
