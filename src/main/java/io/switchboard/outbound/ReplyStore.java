package io.switchboard.outbound;

import io.switchboard.ingress.InvalidPayloadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.customer.CustomerStore;
import io.switchboard.domain.Channel;
import io.switchboard.domain.Identity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code reply} table (V8) and what intake needs to know about the conversation being answered. */
public final class ReplyStore {

    /** The conversation a reply answers: its customer, whether they were erased, and its latest contact. */
    public record Conversation(UUID customerId, boolean erased, JsonNode latestRecord, List<Identity> identities) {}

    /** What one attempt came to, as the row records it. */
    public record Outcome(ReplyStatus status, Instant nextAttemptAt, String code, String reason,
            String providerMessageId, boolean mayHaveBeenSent, boolean possibleDuplicate) {}

    private static final String COLUMNS = "reply_id, conversation_id, customer_id, channel, account, recipient,"
            + " recipient_session, email_thread, agent_id, text, automatic, attachments, status, attempts, first_attempt_at,"
            + " may_have_been_sent, provider_message_id, last_code, last_reason, possible_duplicate, updated_at";

    private final ObjectMapper json;

    public ReplyStore(ObjectMapper json) {
        this.json = json;
    }

    public Optional<Conversation> conversation(Connection c, UUID conversationId) throws SQLException {
        UUID customer;
        boolean erased;
        String latest;
        try (PreparedStatement s = c.prepareStatement("SELECT v.customer_id, u.erased_at IS NOT NULL, l.latest_record"
                + " FROM conversation v JOIN customer u ON u.id = v.customer_id"
                + " LEFT JOIN loop_conversation l ON l.conversation_id = v.id WHERE v.id = ?")) {
            s.setObject(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                customer = rs.getObject(1, UUID.class);
                erased = rs.getBoolean(2);
                latest = rs.getString(3);
            }
        }
        List<Identity> identities = CustomerStore.identitiesOf(c, customer);
        return Optional.of(new Conversation(customer, erased, latest == null ? null : parse(latest), identities));
    }

    /** A reply to send, due at once; false when its replyId is already known (nothing changes then). */
    public boolean insertAccepted(Connection c, ReplyCommand command, UUID customerId, ReplyAddressing.Address address)
            throws SQLException {
        return insert(c, command, customerId, address, ReplyStatus.ACCEPTED, false, null, null);
    }

    /** Like {@link #insertAccepted}, for a message the gateway writes itself (a survey): it answers nobody. */
    public boolean insertAutomatic(Connection c, ReplyCommand command, UUID customerId, ReplyAddressing.Address address)
            throws SQLException {
        return insert(c, command, customerId, address, ReplyStatus.ACCEPTED, true, null, null);
    }

    /**
     * A command intake refused (unknown conversation, erased customer, unaddressable): kept, without its text and
     * attachments, so its status shows why.
     */
    public boolean insertRefused(Connection c, ReplyCommand command, UUID customerId, Channel channel, String code,
            String reason) throws SQLException {
        return insert(c, command, customerId, channel == null ? null : new ReplyAddressing.Address(channel, null, null,
                null), ReplyStatus.FAILED, false, code, reason);
    }

    private boolean insert(Connection c, ReplyCommand command, UUID customerId, ReplyAddressing.Address address,
            ReplyStatus status, boolean automatic, String code, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO reply (reply_id, conversation_id, customer_id, channel,"
                + " account, recipient, recipient_session, email_thread, agent_id, text, attachments, status,"
                + " next_attempt_at, last_code, last_reason, automatic)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (reply_id) DO NOTHING")) {
            s.setString(1, command.replyId());
            s.setObject(2, command.conversationId());
            s.setObject(3, customerId);
            s.setString(4, address == null ? null : address.channel().wireName());
            s.setString(5, address == null ? null : address.account());
            s.setString(6, address == null || address.recipient() == null ? null : address.recipient().address());
            s.setString(7, address == null || address.recipient() == null ? null : address.recipient().session());
            s.setString(8, address == null || address.thread() == null ? null : threadJson(address.thread()));
            s.setString(9, command.agentId());
            // a refused reply is never sent: its words and files would only be personal data kept for nothing (for
            // a command that reaches an erased customer's conversation, kept after the erasure)
            boolean toSend = status == ReplyStatus.ACCEPTED;
            s.setString(10, toSend ? command.text() : "");
            s.setString(11, toSend ? ReplyCommand.attachmentsJson(json, command.attachments()).toString() : "[]");
            s.setString(12, status.wireName());
            s.setTimestamp(13, status == ReplyStatus.ACCEPTED ? Timestamp.from(Instant.now()) : null);
            s.setString(14, code);
            s.setString(15, reason);
            s.setBoolean(16, automatic);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Reply> find(Connection c, String replyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM reply WHERE reply_id = ?")) {
            s.setString(1, replyId);
            List<Reply> found = read(s);
            return found.stream().findFirst();
        }
    }

    /**
     * Claims up to {@code limit} due replies for one attempt each, at most one per conversation (its oldest unsent),
     * skipping rows another instance holds. A row whose
     * earlier claim expired without an outcome (its claimer died mid-attempt) comes back marked
     * {@code mayHaveBeenSent}.
     */
    public List<Reply> claimDue(Connection c, Channel channel, Duration lease, int limit) throws SQLException {
        // only the oldest unsent reply of each conversation (on any channel) can be claimed: its conversation's
        // next one waits until it is sent or failed, so replies arrive in the order they were accepted
        try (PreparedStatement s = c.prepareStatement("WITH claimed AS (UPDATE reply SET lease_until = now() + ?::interval,"
                + " may_have_been_sent = may_have_been_sent OR lease_until IS NOT NULL, attempts = attempts + 1,"
                + " first_attempt_at = COALESCE(first_attempt_at, now()) WHERE reply_id IN ("
                + " SELECT r.reply_id FROM reply r WHERE r.status = 'accepted' AND r.channel = ?"
                + " AND r.next_attempt_at <= now() AND (r.lease_until IS NULL OR r.lease_until < now())"
                + " AND NOT EXISTS (SELECT 1 FROM reply e WHERE e.conversation_id = r.conversation_id"
                + " AND e.status = 'accepted' AND e.accepted_seq < r.accepted_seq)"
                + " ORDER BY r.next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *)"
                + " SELECT " + COLUMNS + " FROM claimed ORDER BY accepted_seq")) {
            s.setString(1, lease.toMillis() + " milliseconds");
            s.setString(2, channel.wireName());
            s.setInt(3, limit);
            return read(s);
        }
    }

    /** Records an attempt's outcome and releases the claim. */
    public void record(Connection c, String replyId, Outcome outcome) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE reply SET status = ?, next_attempt_at = ?, last_code = ?,"
                + " last_reason = ?, provider_message_id = COALESCE(?, provider_message_id),"
                + " may_have_been_sent = ?, possible_duplicate = possible_duplicate OR ?, lease_until = NULL,"
                + " updated_at = now() WHERE reply_id = ? AND status = 'accepted'")) {
            s.setString(1, outcome.status().wireName());
            s.setTimestamp(2, outcome.nextAttemptAt() == null ? null : Timestamp.from(outcome.nextAttemptAt()));
            s.setString(3, outcome.code());
            s.setString(4, outcome.reason());
            s.setString(5, outcome.providerMessageId());
            s.setBoolean(6, outcome.mayHaveBeenSent());
            s.setBoolean(7, outcome.possibleDuplicate());
            s.setString(8, replyId);
            s.executeUpdate();
        }
    }

    /**
     * A sent reply becomes delivered or failed as its channel reported later; the reply it names, or none when no sent
     * reply has that provider id (another sender on the account, or a report repeated or out of order).
     */
    public Optional<String> reportDelivery(Connection c, Channel channel, DeliveryReport report, ReplyStatus status)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE reply SET status = ?, last_code = ?, last_reason = ?,"
                + " updated_at = now() WHERE channel = ? AND provider_message_id = ? AND status = 'sent'"
                + " RETURNING reply_id")) {
            s.setString(1, status.wireName());
            s.setString(2, report.errorCode());
            s.setString(3, report.failureReason());
            s.setString(4, channel.wireName());
            s.setString(5, report.providerMessageId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Replies whose current status has not reached {@code outbound.status} yet, oldest change first. */
    public List<Reply> unpublished(Connection c, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM reply"
                + " WHERE published_status IS DISTINCT FROM status ORDER BY updated_at LIMIT ?")) {
            s.setInt(1, limit);
            return read(s);
        }
    }

    /** The status it had when published; a status changed meanwhile stays unpublished. */
    public void published(Connection c, Reply reply) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE reply SET published_status = status WHERE reply_id = ? AND status = ?")) {
            s.setString(1, reply.replyId());
            s.setString(2, reply.status().wireName());
            s.executeUpdate();
        }
    }

    /** Whether the reply's outbound record is already in the customer's history (it was published before). */
    public static boolean recorded(Connection c, UUID recordId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM contact_history WHERE record_id = ?")) {
            s.setObject(1, recordId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The sent reply in the customer's recent contacts, next to what the customer wrote. */
    public static void addToHistory(Connection c, Reply reply, Instant at, String summary) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO contact_history (record_id, customer_id,"
                + " conversation_id, channel, received_at, summary, direction) SELECT ?, ?, ?, ?, ?, ?, 'outbound'"
                + " WHERE EXISTS (SELECT 1 FROM customer WHERE id = ? AND erased_at IS NULL)"
                + " ON CONFLICT (record_id) DO NOTHING")) {
            s.setObject(1, reply.recordId());
            s.setObject(2, reply.customerId());
            s.setObject(3, reply.conversationId());
            s.setString(4, reply.channel().wireName());
            s.setTimestamp(5, Timestamp.from(at));
            s.setString(6, summary);
            s.setObject(7, reply.customerId());
            s.executeUpdate();
        }
    }

    private List<Reply> read(PreparedStatement s) throws SQLException {
        List<Reply> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String channel = rs.getString("channel");
                String thread = rs.getString("email_thread");
                Timestamp first = rs.getTimestamp("first_attempt_at");
                out.add(new Reply(rs.getString("reply_id"), rs.getObject("conversation_id", UUID.class),
                        rs.getObject("customer_id", UUID.class), channel == null ? null : Channel.fromWireName(channel),
                        rs.getString("account"), rs.getString("recipient"), rs.getString("recipient_session"),
                        thread == null ? null : thread(parse(thread)), rs.getString("agent_id"), rs.getString("text"),
                        rs.getBoolean("automatic"), attachments(rs.getString("attachments")), ReplyStatus.fromWireName(rs.getString("status")),
                        rs.getInt("attempts"), first == null ? null : first.toInstant(),
                        rs.getBoolean("may_have_been_sent"), rs.getString("provider_message_id"),
                        rs.getString("last_code"), rs.getString("last_reason"), rs.getBoolean("possible_duplicate"),
                        rs.getTimestamp("updated_at").toInstant()));
            }
        }
        return out;
    }

    private String threadJson(OutboundMessage.EmailThread thread) {
        ObjectNode node = json.createObjectNode();
        node.put("messageId", thread.messageId());
        thread.references().forEach(node.putArray("references")::add);
        node.put("subject", thread.subject());
        return node.toString();
    }

    private static OutboundMessage.EmailThread thread(JsonNode node) {
        List<String> references = new ArrayList<>();
        node.path("references").forEach(r -> references.add(r.asText()));
        return new OutboundMessage.EmailThread(node.path("messageId").asText(null), references,
                node.path("subject").asText(""));
    }

    private List<OutboundMessage.Attachment> attachments(String stored) {
        try {
            return ReplyCommand.attachments(parse(stored));
        } catch (InvalidPayloadException e) {
            throw new IllegalStateException("reply attachments stored unreadable: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String stored) {
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the database: " + e.getOriginalMessage(), e);
        }
    }
}
