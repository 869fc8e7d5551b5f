package io.switchboard.outbound;

import io.switchboard.domain.Channel;
import java.util.List;
import java.util.Objects;

/**
 * One reply to send, with everything its channel needs and nothing the dispatcher keeps for itself.
 *
 * @param replyId        chosen by the agent tool; chat's {@code Idempotency-Key}, the seed of email's Message-ID
 * @param account        the WeChat account or mailbox the customer wrote to ({@code switchboard.wechat.accounts.<name>},
 *                       {@code switchboard.email.mailboxes.<name>}); null for chat and phone
 * @param recipient      the customer as the channel addresses them
 * @param language       ISO 639-1 of the text, or null
 * @param automatic      sent by the gateway itself (acknowledgement, survey), not typed by an agent: email marks it
 *                       {@code Auto-Submitted: auto-replied}
 * @param attachments    email only; empty elsewhere
 * @param emailThread    email only: the customer mail this answers, or the subject of a new thread
 */
public record OutboundMessage(
        String replyId,
        String conversationId,
        Channel channel,
        String account,
        Recipient recipient,
        String text,
        String language,
        boolean automatic,
        List<Attachment> attachments,
        EmailThread emailThread) {

    public OutboundMessage {
        if (replyId == null || replyId.isBlank()) {
            throw new IllegalArgumentException("a reply needs a replyId");
        }
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (!attachments.isEmpty() && channel != Channel.EMAIL) {
            throw new IllegalArgumentException("attachments are sent by email only, not by " + channel.wireName());
        }
        if (emailThread != null && channel != Channel.EMAIL) {
            throw new IllegalArgumentException("an email thread belongs to an email reply, not to " + channel.wireName());
        }
    }

    public static Builder builder(String replyId, Channel channel, Recipient recipient, String text) {
        return new Builder(replyId, channel, recipient, text);
    }

    /**
     * @param address openid (Official Account), UserID (WeCom), E.164 number (phone), email address, or the chat
     *                visitor id, without the account prefix the identity graph stores WeChat ids under
     * @param session the chat session the reply belongs to; null elsewhere
     */
    public record Recipient(String address, String session) {
        public Recipient {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("a recipient needs an address");
            }
        }

        public static Recipient of(String address) {
            return new Recipient(address, null);
        }
    }

    /**
     * An email attachment carried in the reply itself (base64 in the Kafka command), so a send never depends on
     * fetching a URL; {@link ChannelLimits} bounds the total so the command fits a Kafka record.
     */
    public record Attachment(String name, String contentType, byte[] content) {
        public Attachment {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an attachment needs a name");
            }
            if (contentType == null || contentType.isBlank()) {
                throw new IllegalArgumentException("attachment '" + name + "' needs a contentType");
            }
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * The customer's mail being answered, as its ContactRecord kept it ({@code context.email}).
     *
     * @param messageId  their Message-ID (with or without angle brackets); null starts a new thread
     * @param references their References, oldest first
     * @param subject    their subject (the reply's gets one "Re: " unless it already has a reply prefix), or the
     *                   subject of a new thread
     */
    public record EmailThread(String messageId, List<String> references, String subject) {
        public EmailThread {
            references = references == null ? List.of() : List.copyOf(references);
            subject = subject == null ? "" : subject;
        }

        public static EmailThread newThread(String subject) {
            return new EmailThread(null, List.of(), subject);
        }
    }

    public static final class Builder {
        private final String replyId;
        private final Channel channel;
        private final Recipient recipient;
        private final String text;
        private String conversationId;
        private String account;
        private String language;
        private boolean automatic;
        private List<Attachment> attachments = List.of();
        private EmailThread emailThread;

        private Builder(String replyId, Channel channel, Recipient recipient, String text) {
            this.replyId = replyId;
            this.channel = channel;
            this.recipient = recipient;
            this.text = text;
        }

        public Builder conversationId(String conversationId) {
            this.conversationId = conversationId;
            return this;
        }

        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder language(String language) {
            this.language = language;
            return this;
        }

        public Builder automatic(boolean automatic) {
            this.automatic = automatic;
            return this;
        }

        public Builder attachments(List<Attachment> attachments) {
            this.attachments = attachments;
            return this;
        }

        public Builder emailThread(EmailThread emailThread) {
            this.emailThread = emailThread;
            return this;
        }

        public OutboundMessage build() {
            return new OutboundMessage(replyId, conversationId, channel, account, recipient, text, language,
                    automatic, attachments, emailThread);
        }
    }
}
