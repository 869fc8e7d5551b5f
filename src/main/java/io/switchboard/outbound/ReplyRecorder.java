package io.switchboard.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Unremovable;
import io.switchboard.customer.ContactSummary;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.kafka.Topics;
import io.switchboard.store.Database;
import io.switchboard.store.Transactions;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Tells the rest of the world what became of each reply, at least once: its status on
 * {@code switchboard.outbound.status}, and once it reached the channel, the reply as an outbound ContactRecord on
 * {@code switchboard.contacts}, in the customer's recent contacts, and as the {@code replied} agent event that stops
 * the respond-by clock (not for the gateway's own messages, such as surveys). A status is marked published only
 * after the broker acknowledged all of that, so a crash or
 * an outage in between publishes it again (consumers see the same record id and reply id twice, never none).
 */
@Singleton
@Named("replyRecorder")
@Unremovable
public class ReplyRecorder {

    private static final int BATCH = 100;

    /** A reply that reached its channel, and the outbound record it becomes. */
    private record Sent(Reply reply, ContactRecord contact) {}

    private final Database database;
    private final ReplyStore store;
    private final OutboundJournal journal;
    private final Topics topics;
    private final ObjectMapper json;

    @Inject
    public ReplyRecorder(Database database, ReplyIntake intake, OutboundJournal journal, Topics topics,
            ObjectMapper json) {
        this.database = database;
        this.store = intake.store();
        this.journal = journal;
        this.topics = topics;
        this.json = json;
    }

    /**
     * Publishes the status changes not published yet, up to {@value #BATCH} at once: all their records in one round
     * of broker acknowledgements, then their history lines and published marks in one transaction.
     */
    public void publishChanges() throws Exception {
        List<Reply> changed;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<Sent> firstTimeOnChannel = new ArrayList<>();
        try (Connection c = database.connection()) {
            changed = store.unpublished(c, BATCH);
            for (Reply reply : changed) {
                records.add(new ProducerRecord<>(topics.outboundStatus(), reply.replyId(), bytes(reply.statusJson(json))));
                if (reply.status().reachedChannel() && !ReplyStore.recorded(c, reply.recordId())) {
                    ContactRecord contact = outboundRecord(reply);
                    firstTimeOnChannel.add(new Sent(reply, contact));
                    records.add(new ProducerRecord<>(topics.contacts(), reply.customerId().toString(),
                            json.writeValueAsBytes(contact)));
                    if (!reply.automatic()) {
                        // a survey after resolution is no answer to the customer: it must not reopen the clocks
                        records.add(new ProducerRecord<>(topics.agentEvents(), reply.conversationId().toString(),
                                bytes(repliedEvent(reply))));
                    }
                }
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        journal.write(records);
        Transactions.inTransaction(database.dataSource(), c -> {
            for (Sent sent : firstTimeOnChannel) {
                ReplyStore.addToHistory(c, sent.reply(), sent.contact().receivedAt(), ContactSummary.of(sent.contact()));
            }
            for (Reply reply : changed) {
                store.published(c, reply);
            }
            return null;
        });
    }

    /** The reply as one more contact of the conversation, written by the agent to the customer. */
    static ContactRecord outboundRecord(Reply reply) {
        return ContactRecord.builder()
                .id(reply.recordId().toString())
                .channel(reply.channel())
                .direction(ContactRecord.OUTBOUND)
                .receivedAt(reply.updatedAt())
                .channelMessageId(reply.providerMessageId() == null ? reply.replyId() : reply.providerMessageId())
                .from(new Identity("agent", reply.agentId()))
                .to(recipient(reply))
                .customer(new ContactRecord.CustomerRef(reply.customerId().toString(), null))
                .conversationId(reply.conversationId().toString())
                .subject(reply.emailThread() == null ? null : reply.emailThread().subject())
                .text(reply.text())
                .attachments(reply.attachments().stream().map(a -> new ContactRecord.Attachment(a.name(),
                        a.contentType(), (long) a.content().length, null, null)).toList())
                .author(reply.agentId())
                .build();
    }

    private static Identity recipient(Reply reply) {
        String type = switch (reply.channel()) {
            case CHAT -> Identity.CHAT_VISITOR;
            case EMAIL -> Identity.EMAIL;
            case PHONE -> Identity.PHONE;
            case WECHAT -> "wechat-openid";
        };
        return new Identity(type, reply.channel() == Channel.WECHAT ? reply.account() + ":" + reply.recipient()
                : reply.recipient());
    }

    private ObjectNode repliedEvent(Reply reply) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "replied");
        event.put("conversationId", reply.conversationId().toString());
        event.put("agentId", reply.agentId());
        event.put("at", reply.updatedAt().toString());
        event.put("replyId", reply.replyId());
        return event;
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
