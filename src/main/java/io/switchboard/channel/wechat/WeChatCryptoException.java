package io.switchboard.channel.wechat;

import java.util.Objects;

/**
 * A WeChat / WeCom callback failed a signature or AES check.
 *
 * <p>Every failure carries a {@link Reason} so callers can count and log them separately. Signatures are
 * always checked before decryption, so only a sender holding the token ever learns a decryption reason;
 * the HTTP layer therefore names it (wrong appid tail, bad padding…) to help operators, while a forger
 * only ever sees SIGNATURE_MISMATCH.
 */
public final class WeChatCryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a payload was refused. */
    public enum Reason {
        /** signature / msg_signature does not match the token, timestamp, nonce (and payload). */
        SIGNATURE_MISMATCH,
        /** EncodingAESKey is not 43 characters from [A-Za-z0-9]. */
        ILLEGAL_AES_KEY,
        /** The Encrypt / echostr value is not valid Base64. */
        BAD_BASE64,
        /** Ciphertext is not a positive multiple of the AES block, or the plaintext is too short for its header. */
        TRUNCATED,
        /** PKCS#7 pad value outside 1..32, longer than the plaintext, or pad bytes not all equal. */
        BAD_PADDING,
        /** The 4-byte big-endian message length points beyond the decrypted plaintext. */
        BAD_LENGTH,
        /** The trailing appid / corpid / suiteid differs from the one configured for this account. */
        APPID_MISMATCH,
        /** The decrypted message bytes are not valid UTF-8. */
        BAD_UTF8,
        /** The JDK refused the AES operation (should not happen with a valid key). */
        CIPHER_FAILURE
    }

    private final Reason reason;

    public WeChatCryptoException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public WeChatCryptoException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
