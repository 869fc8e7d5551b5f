package io.switchboard.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.Channel;
import io.switchboard.domain.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a reply goes, worked out from the contact it answers (the conversation's latest ContactRecord, as the agent
 * loop keeps it) and, when the agent asks for another channel, from the customer's identities.
 *
 * <ul>
 * <li>chat: the visitor id and the session of the thread ({@code chat:<session>});</li>
 * <li>WeChat: the account the customer wrote to ({@code to}) and their openid or UserID without the account prefix
 * the identity graph stores it under;</li>
 * <li>email: the customer's address, the mailbox the mail came in by, and the thread from {@code context.email};</li>
 * <li>phone: the caller's E.164 number.</li>
 * </ul>
 */
public final class ReplyAddressing {

    /** Where one reply goes. {@code account} and {@code thread} as in {@link OutboundMessage}. */
    public record Address(Channel channel, String account, OutboundMessage.Recipient recipient,
            OutboundMessage.EmailThread thread) {}

    /** The reply cannot be addressed: the customer has no identity on that channel we could send to. */
    public static final class Unaddressable extends Exception {
        public Unaddressable(String message) {
            super(message, null, false, false);
        }
    }

    private ReplyAddressing() {}

    /**
     * @param latest     the conversation's latest inbound ContactRecord (JSON)
     * @param requested  the channel the agent asked for, if any
     * @param identities the customer's identities, for a channel other than the latest contact's
     */
    public static Address of(JsonNode latest, Optional<Channel> requested, List<Identity> identities)
            throws Unaddressable {
        Channel channel = Channel.fromWireName(latest.path("channel").asText());
        if (requested.isPresent() && requested.get() != channel) {
            return otherChannel(requested.get(), identities);
        }
        String from = latest.path("from").path("value").asText(null);
        String fromType = latest.path("from").path("type").asText("");
        if (from == null) {
            throw new Unaddressable("the contact being answered has no sender");
        }
        return switch (channel) {
            case CHAT -> new Address(channel, null, new OutboundMessage.Recipient(from,
                    withoutPrefix(latest.path("threadKey").asText(null), "chat:")), null);
            case WECHAT -> {
                String account = latest.path("to").path("value").asText(null);
                if (account == null) {
                    throw new Unaddressable("the WeChat contact being answered names no account");
                }
                yield new Address(channel, account, OutboundMessage.Recipient.of(withoutPrefix(from, account + ":")),
                        null);
            }
            case EMAIL -> {
                JsonNode email = latest.path("context").path("email");
                List<String> references = new ArrayList<>();
                email.path("references").forEach(r -> references.add(r.asText()));
                yield new Address(channel, email.path("mailbox").asText(null), OutboundMessage.Recipient.of(from),
                        new OutboundMessage.EmailThread(email.path("messageId").asText(null), references,
                                latest.path("subject").asText("")));
            }
            case PHONE -> {
                if (!Identity.PHONE.equals(fromType)) {
                    throw new Unaddressable("the caller's number is not known (" + fromType + "), so no SMS can go");
                }
                yield new Address(channel, null, OutboundMessage.Recipient.of(from), null);
            }
        };
    }

    /** Phone and email can start a new exchange from an identity alone; chat and WeChat need a session or window. */
    private static Address otherChannel(Channel channel, List<Identity> identities) throws Unaddressable {
        String type = switch (channel) {
            case PHONE -> Identity.PHONE;
            case EMAIL -> Identity.EMAIL;
            case CHAT, WECHAT -> throw new Unaddressable(channel.wireName()
                    + " can only answer a contact that came in by " + channel.wireName());
        };
        Optional<Identity> identity = identities.stream().filter(i -> i.type().equals(type)).findFirst();
        if (identity.isEmpty()) {
            throw new Unaddressable("the customer has no " + type + " identity to send to");
        }
        return new Address(channel, null, OutboundMessage.Recipient.of(identity.get().value()),
                channel == Channel.EMAIL ? OutboundMessage.EmailThread.newThread("") : null);
    }

    private static String withoutPrefix(String value, String prefix) {
        return value != null && value.startsWith(prefix) ? value.substring(prefix.length()) : value;
    }
}
