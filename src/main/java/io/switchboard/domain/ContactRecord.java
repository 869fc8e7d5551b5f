package io.switchboard.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The canonical record of one customer contact, the same for every channel (docs/contract.md, "ContactRecord"; as produced: docs/contact-record.md).
 * Every contract field is always serialised, null or empty when a stage has not filled it yet.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContactRecord(
        String id,
        Channel channel,
        String direction,
        Instant receivedAt,
        String channelMessageId,
        Identity from,
        Identity to,
        List<Identity> identities,
        CustomerRef customer,
        String conversationId,
        String threadKey,
        String subject,
        String text,
        String language,
        List<Attachment> attachments,
        String author,
        List<String> tags,
        Sentiment sentiment,
        Priority priority,
        Sla sla,
        List<String> priorityReasons,
        Entities entities,
        String queue,
        String preferredAgent,
        Routing routing,
        Map<String, Object> context,
        RawPointer raw) {

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";

    /** The customer this contact belongs to; {@code class} is new, returning, vip or regular. */
    public record CustomerRef(String id, @com.fasterxml.jackson.annotation.JsonProperty("class") String customerClass) {}

    /** Metadata of an attachment; the content itself stays with the channel. */
    public record Attachment(String name, String contentType, Long size, String url, String contentId) {}

    public record Sentiment(String label, double score) {}

    public record Sla(Instant respondBy, Instant resolveBy) {}

    /**
     * Why the record went to its queue: the workflow rule (or {@code default}), the reason
     * ({@code rule}, {@code default}, {@code sticky}, {@code overflow}), where an SLA breach escalates to,
     * and the rule's remaining targets with the wait ({@code after}, ISO-8601) before each is tried.
     */
    public record Routing(String rule, String reason, String escalationQueue, List<NextTarget> nextTargets) {}

    public record NextTarget(String queue, String after) {}

    public record Entities(
            List<String> orderNumbers, List<String> phones, List<String> emails, List<String> amounts, List<String> dates) {
        public static Entities none() {
            return new Entities(List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }

    /** Where the raw message this record came from is kept: a Kafka coordinate, not a copy. */
    public record RawPointer(String topic, int partition, long offset) {}

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stages of the pipeline copy a record and change the fields they own. */
    public static final class Builder {
        private String id;
        private Channel channel;
        private String direction = INBOUND;
        private Instant receivedAt;
        private String channelMessageId;
        private Identity from;
        private Identity to;
        private List<Identity> identities = List.of();
        private CustomerRef customer;
        private String conversationId;
        private String threadKey;
        private String subject;
        private String text;
        private String language;
        private List<Attachment> attachments = List.of();
        private String author;
        private List<String> tags = List.of();
        private Sentiment sentiment;
        private Priority priority;
        private Sla sla;
        private List<String> priorityReasons = List.of();
        private Entities entities = Entities.none();
        private String queue;
        private String preferredAgent;
        private Routing routing;
        private Map<String, Object> context;
        private RawPointer raw;

        private Builder() {}

        private Builder(ContactRecord r) {
            id = r.id;
            channel = r.channel;
            direction = r.direction;
            receivedAt = r.receivedAt;
            channelMessageId = r.channelMessageId;
            from = r.from;
            to = r.to;
            identities = r.identities;
            customer = r.customer;
            conversationId = r.conversationId;
            threadKey = r.threadKey;
            subject = r.subject;
            text = r.text;
            language = r.language;
            attachments = r.attachments;
            author = r.author;
            tags = r.tags;
            sentiment = r.sentiment;
            priority = r.priority;
            sla = r.sla;
            priorityReasons = r.priorityReasons;
            entities = r.entities;
            queue = r.queue;
            preferredAgent = r.preferredAgent;
            routing = r.routing;
            context = r.context;
            raw = r.raw;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder channel(Channel v) { channel = v; return this; }
        public Builder direction(String v) { direction = v; return this; }
        public Builder receivedAt(Instant v) { receivedAt = v; return this; }
        public Builder channelMessageId(String v) { channelMessageId = v; return this; }
        public Builder from(Identity v) { from = v; return this; }
        public Builder to(Identity v) { to = v; return this; }
        public Builder identities(List<Identity> v) { identities = List.copyOf(v); return this; }
        public Builder customer(CustomerRef v) { customer = v; return this; }
        public Builder conversationId(String v) { conversationId = v; return this; }
        public Builder threadKey(String v) { threadKey = v; return this; }
        public Builder subject(String v) { subject = v; return this; }
        public Builder text(String v) { text = v; return this; }
        public Builder language(String v) { language = v; return this; }
        public Builder attachments(List<Attachment> v) { attachments = List.copyOf(v); return this; }
        public Builder author(String v) { author = v; return this; }
        public Builder tags(List<String> v) { tags = List.copyOf(v); return this; }
        public Builder sentiment(Sentiment v) { sentiment = v; return this; }
        public Builder priority(Priority v) { priority = v; return this; }
        public Builder sla(Sla v) { sla = v; return this; }
        public Builder priorityReasons(List<String> v) { priorityReasons = List.copyOf(v); return this; }
        public Builder entities(Entities v) { entities = v; return this; }
        public Builder queue(String v) { queue = v; return this; }
        public Builder preferredAgent(String v) { preferredAgent = v; return this; }
        public Builder routing(Routing v) { routing = v; return this; }
        public Builder context(Map<String, Object> v) { context = v; return this; }
        public Builder raw(RawPointer v) { raw = v; return this; }

        public ContactRecord build() {
            return new ContactRecord(id, channel, direction, receivedAt, channelMessageId, from, to, identities,
                    customer, conversationId, threadKey, subject, text, language, attachments, author, tags, sentiment,
                    priority, sla, priorityReasons, entities, queue, preferredAgent, routing, context, raw);
        }
    }
}
