package io.switchboard.channel.email;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Message-IDs: the channel message id of a received mail, and the gateway's own for the replies it sends.
 *
 * <p>The channel message id of a mail is computed from its raw bytes alone so the intake never has to parse the
 * whole MIME tree before storing it. A Message-ID is the same in every mailbox a mail was delivered to, so one
 * mail sent to two of the company's mailboxes is one contact; a mail without a Message-ID falls back to a
 * digest of its bytes, which is stable across re-polls of the same stored copy.
 */
public final class EmailMessageIds {

    static final String DIGEST_PREFIX = "sha256:";
    /** Local part prefix of every Message-ID the gateway gives a reply; the loop guard knows them by it. */
    static final String OWN_REPLY_PREFIX = "switchboard.reply.";
    /** A reply id used as it is: atext without dots, so the local part stays a valid dot-atom. */
    private static final Pattern PLAIN_REPLY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private EmailMessageIds() {}

    public static String channelMessageId(byte[] raw) {
        String messageId = Threading.normalizeId(MailHeaders.parse(raw, 0, raw.length).raw("Message-ID"));
        if (messageId != null && messageId.contains("@") && messageId.length() <= 512) {
            return messageId;
        }
        return DIGEST_PREFIX + sha256(raw);
    }

    /**
     * The Message-ID of reply {@code replyId} sent from {@code domain}, with angle brackets: the same for every send
     * of that reply, so a resend is recognisable. A reply id that is not a short plain token is replaced by its
     * digest, marked with {@code =}, which no plain token contains.
     */
    public static String forReply(String replyId, String domain) {
        String token = PLAIN_REPLY_ID.matcher(replyId).matches() ? replyId
                : "sha256=" + sha256(replyId.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
        return "<" + OWN_REPLY_PREFIX + token + "@" + domain + ">";
    }

    /** Whether a Message-ID (with or without brackets, any case) is one {@link #forReply} made. */
    public static boolean isOwnReply(String messageId) {
        String id = Threading.normalizeId(messageId);
        return id != null && id.startsWith(OWN_REPLY_PREFIX.toLowerCase(Locale.ROOT)) && id.indexOf('@') > 0;
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
