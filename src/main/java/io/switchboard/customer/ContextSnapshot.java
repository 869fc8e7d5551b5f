package io.switchboard.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The compact context every ContactRecord carries and the compacted topic keeps per customer: class,
 * the open conversation, the last contacts on all channels (one-line summaries, never the message)
 * and counts per channel. Plain maps and strings, so it serialises the same everywhere.
 */
public final class ContextSnapshot {

    private ContextSnapshot() {}

    public static Map<String, Object> of(UUID customerId, CustomerClass customerClass, CustomerStore.Conversation open,
            Instant asOf, List<CustomerStore.Contact> recent, Map<String, Long> counts) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("customerId", customerId.toString());
        context.put("class", customerClass.wireName());
        context.put("openConversation", open == null ? null : conversation(open, asOf));
        List<Map<String, Object>> contacts = new ArrayList<>(recent.size());
        for (CustomerStore.Contact contact : recent) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("channel", contact.channel());
            line.put("direction", contact.direction());
            line.put("at", contact.receivedAt().toString());
            line.put("summary", contact.summary());
            line.put("conversationId", contact.conversationId() == null ? null : contact.conversationId().toString());
            contacts.add(line);
        }
        context.put("recentContacts", contacts);
        context.put("contactsByChannel", new TreeMap<>(counts));
        context.put("totalContacts", counts.values().stream().mapToLong(Long::longValue).sum());
        return context;
    }

    static Map<String, Object> conversation(CustomerStore.Conversation open, Instant asOf) {
        Map<String, Object> conversation = new LinkedHashMap<>();
        conversation.put("id", open.id().toString());
        conversation.put("state", open.state());
        conversation.put("queue", open.queue());
        conversation.put("assignedAgent", open.assignedAgent());
        conversation.put("priority", open.priority());
        conversation.put("openedAt", open.openedAt().toString());
        conversation.put("ageSeconds", Math.max(0, Duration.between(open.openedAt(), asOf).toSeconds()));
        return conversation;
    }
}
