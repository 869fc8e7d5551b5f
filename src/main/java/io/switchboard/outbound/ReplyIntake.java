package io.switchboard.outbound;

import io.switchboard.ingress.InvalidPayloadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import io.switchboard.domain.Channel;
import io.switchboard.kafka.Topics;
import io.switchboard.pipeline.ContactPublisher;
import io.switchboard.store.Database;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Decides whether a reply can be sent before it is accepted, and accepts it: the HTTP endpoint asks
 * {@link #check} to answer 4xx before writing the command to {@code switchboard.outbound}; the
 * {@code outbound-intake} route hands every command on that topic to {@link #take}, which checks again (agent
 * tools may write commands directly) and stores the reply, or its refusal, before the offset is committed.
 */
@Singleton
@Named("replyIntake")
@Unremovable
public class ReplyIntake {

    private static final Logger LOG = Logger.getLogger(ReplyIntake.class);

    /** Why a reply cannot be accepted: the HTTP status and error body it gets, and the code its status records. */
    public record Refusal(int status, String error, String message, String field) {}

    /** A reply that can be sent: to whom, for which customer. */
    public record Accepted(ReplyStore.Conversation conversation, ReplyAddressing.Address address) {}

    private final Database database;
    private final ReplyStore store;
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final OutboundJournal journal;
    private final Topics topics;
    private final ObjectMapper json;

    @Inject
    public ReplyIntake(Database database, @All List<ChannelSender> senders, OutboundJournal journal, Topics topics,
            ObjectMapper json) {
        this.database = database;
        this.store = new ReplyStore(json);
        senders.forEach(s -> this.senders.put(s.channel(), s));
        this.journal = journal;
        this.topics = topics;
        this.json = json;
    }

    public ReplyStore store() {
        return store;
    }

    public ChannelSender sender(Channel channel) {
        return senders.get(channel);
    }

    /** Either a refusal or where the reply goes. */
    public sealed interface Checked {
        record Ok(Accepted accepted) implements Checked {}

        record No(Refusal refusal) implements Checked {}
    }

    public Checked check(Connection c, ReplyCommand command) throws SQLException {
        return check(c, command, null);
    }

    /** @param answering the contact the reply answers; null: the conversation's latest, as the agent loop keeps it */
    private Checked check(Connection c, ReplyCommand command, JsonNode answering) throws SQLException {
        Optional<ReplyStore.Conversation> found = store.conversation(c, command.conversationId());
        if (found.isEmpty()) {
            return refuse(404, "not_found", "no conversation " + command.conversationId(), null);
        }
        ReplyStore.Conversation conversation = found.get();
        if (conversation.erased()) {
            return refuse(410, "gone", "the customer of this conversation was erased", null);
        }
        JsonNode answered = answering != null ? answering : conversation.latestRecord();
        if (answered == null) {
            return refuse(409, "conversation_not_ready",
                    "no contact of this conversation has reached the agent loop yet; retry shortly", null);
        }
        ReplyAddressing.Address address;
        try {
            address = ReplyAddressing.of(answered, command.channel(), conversation.identities());
        } catch (ReplyAddressing.Unaddressable e) {
            return refuse(409, "no_recipient", e.getMessage(), command.channel().isPresent() ? "channel" : null);
        }
        Optional<ChannelLimits.Exceeded> over = ChannelLimits.check(address.channel(), command.text(),
                command.attachments());
        if (over.isPresent()) {
            return refuse(422, "over_limit", over.get().message(), over.get().field());
        }
        try {
            senders.get(address.channel()).requireSettings(address.account());
        } catch (MissingSendingSetting e) {
            return refuse(409, "sending_not_configured", e.getMessage(), null);
        }
        return new Checked.Ok(new Accepted(conversation, address));
    }

    private static Checked refuse(int status, String error, String message, String field) {
        return new Checked.No(new Refusal(status, error, message, field));
    }

    /** What became of a message the gateway writes itself; {@code channel} is where an accepted one goes. */
    public record Automatic(boolean accepted, Channel channel) {}

    /**
     * Stores a message the gateway writes itself (a survey, an acknowledgement) as a reply to send, or, when it cannot
     * go, as refused with the reason its status shows. Empty when its reply id is already known: nothing changes then.
     *
     * @param answering the contact it answers; null: the conversation's latest
     */
    public Optional<Automatic> storeAutomatic(Connection c, ReplyCommand command, JsonNode answering)
            throws SQLException {
        Checked checked = check(c, command, answering);
        if (checked instanceof Checked.Ok ok) {
            ReplyAddressing.Address address = ok.accepted().address();
            return store.insertAutomatic(c, command, ok.accepted().conversation().customerId(), address)
                    ? Optional.of(new Automatic(true, address.channel())) : Optional.empty();
        }
        Refusal refusal = ((Checked.No) checked).refusal();
        if (!store.insertRefused(c, command, null, null, refusal.error(), refusal.message())) {
            return Optional.empty();
        }
        LOG.infof("Automatic message %s not sent: %s", command.replyId(), refusal.message());
        return Optional.of(new Automatic(false, null));
    }

    /** The command as {@code switchboard.outbound} carries it, keyed by its conversation. */
    public ProducerRecord<String, byte[]> commandRecord(ReplyCommand command) {
        return new ProducerRecord<>(topics.outbound(), command.conversationId().toString(),
                command.toJson(json).toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One command from {@code switchboard.outbound}: stored as a reply to send, as a refused reply (with the reason
     * its status then shows), or, if it is not a reply command at all, dead-lettered with the reason. Throws only
     * when the database or the broker is away, so the route does not commit the offset and the command comes again.
     */
    public void take(@Body byte[] body, @Header(KafkaConstants.KEY) String key,
            @Header(KafkaConstants.PARTITION) int partition, @Header(KafkaConstants.OFFSET) long offset) throws Exception {
        ReplyCommand command;
        try {
            JsonNode node = json.readTree(body);
            command = ReplyCommand.parse(node, null);
        } catch (IOException | InvalidPayloadException e) {
            deadLetter(body, key, topics.outbound() + "/" + partition + "/" + offset,
                    e instanceof InvalidPayloadException ? "not a reply command: " + e.getMessage() : "not JSON");
            return;
        }
        try (Connection c = database.connection()) {
            Checked checked = check(c, command);
            if (checked instanceof Checked.Ok ok) {
                store.insertAccepted(c, command, ok.accepted().conversation().customerId(), ok.accepted().address());
            } else {
                Refusal refusal = ((Checked.No) checked).refusal();
                Optional<ReplyStore.Conversation> conversation = store.conversation(c, command.conversationId());
                if (store.insertRefused(c, command, conversation.map(ReplyStore.Conversation::customerId).orElse(null),
                        command.channel().orElse(null), refusal.error(), refusal.message())) {
                    LOG.infof("Reply %s refused at intake: %s", command.replyId(), refusal.message());
                }
            }
        }
    }

    private void deadLetter(byte[] body, String key, String source, String reason) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContactPublisher.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(ContactPublisher.DLQ_STAGE, "outbound-intake".getBytes(StandardCharsets.UTF_8));
        headers.add(ContactPublisher.DLQ_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        headers.add(ContactPublisher.DLQ_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        journal.write(List.of(new ProducerRecord<>(topics.deadLetter(), null, key, body, headers)));
        LOG.warnf("Reply command dead-lettered: %s", reason);
    }
}
