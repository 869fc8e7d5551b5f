package io.switchboard.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the {@code reply} table.
 *
 * @param automatic       written by the gateway itself (a satisfaction survey), not an agent's answer
 * @param mayHaveBeenSent an earlier attempt may have reached the channel (no answer after the request went out, or
 *                        its claimer died mid-attempt)
 */
public record Reply(
        String replyId,
        UUID conversationId,
        UUID customerId,
        Channel channel,
        String account,
        String recipient,
        String recipientSession,
        OutboundMessage.EmailThread emailThread,
        String agentId,
        String text,
        boolean automatic,
        List<OutboundMessage.Attachment> attachments,
        ReplyStatus status,
        int attempts,
        Instant firstAttemptAt,
        boolean mayHaveBeenSent,
        String providerMessageId,
        String lastCode,
        String lastReason,
        boolean possibleDuplicate,
        Instant updatedAt) {

    /** The message its channel's sender takes. */
    public OutboundMessage message() {
        return OutboundMessage.builder(replyId, channel, new OutboundMessage.Recipient(recipient, recipientSession), text)
                .conversationId(conversationId.toString()).account(account).automatic(automatic).attachments(attachments)
                .emailThread(emailThread).build();
    }

    /** The status JSON of {@code GET /replies/{replyId}} and {@code switchboard.outbound.status}. */
    public ObjectNode statusJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("replyId", replyId);
        node.put("conversationId", conversationId.toString());
        node.put("status", status.wireName());
        node.put("channel", channel == null ? null : channel.wireName());
        node.put("at", updatedAt.toString());
        node.put("attempts", attempts);
        if (lastCode != null) {
            node.put("code", lastCode);
        }
        if (lastReason != null) {
            node.put("reason", lastReason);
        }
        if (providerMessageId != null) {
            node.put("providerMessageId", providerMessageId);
        }
        node.put("possibleDuplicate", possibleDuplicate);
        return node;
    }

    /** The id of the outbound ContactRecord this reply becomes once sent: the same for every resend. */
    public UUID recordId() {
        return UUID.nameUUIDFromBytes(("reply:" + replyId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
