package io.switchboard.channel.email;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The channel message id of a mail, computed from its raw bytes alone so the intake never has to parse the
 * whole MIME tree before storing it. A Message-ID is the same in every mailbox a mail was delivered to, so one
 * mail sent to two of the company's mailboxes is one contact; a mail without a Message-ID falls back to a
 * digest of its bytes, which is stable across re-polls of the same stored copy.
 */
public final class EmailMessageIds {

    static final String DIGEST_PREFIX = "sha256:";

    private EmailMessageIds() {}

    public static String channelMessageId(byte[] raw) {
        String messageId = Threading.normalizeId(MailHeaders.parse(raw, 0, raw.length).raw("Message-ID"));
        if (messageId != null && messageId.contains("@") && messageId.length() <= 512) {
            return messageId;
        }
        return DIGEST_PREFIX + sha256(raw);
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
