package io.switchboard.channel.wechat;

import io.switchboard.channel.wechat.WeChatCryptoException.Reason;

import java.util.Objects;

/**
 * Signature check + AES for encrypted callbacks of one account (Official Account safe/compatible mode,
 * every WeCom callback): {@code token} and a {@link WeChatCipher}.
 *
 * <p>The signature is always checked before anything is decrypted, so an unauthenticated sender never
 * learns which decryption step failed.
 */
public final class WeChatMessageCrypto {

    private final String token;
    private final WeChatCipher cipher;

    public WeChatMessageCrypto(String token, WeChatCipher cipher) {
        this.token = Objects.requireNonNull(token, "token");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    public WeChatCipher cipher() {
        return cipher;
    }

    /**
     * Verifies {@code msg_signature} over token, timestamp, nonce and {@code encrypt}, then decrypts.
     *
     * @return the inner plaintext XML
     * @throws WeChatCryptoException SIGNATURE_MISMATCH, or any decryption reason of {@link WeChatCipher#open}
     */
    public String decrypt(String msgSignature, String timestamp, String nonce, String encrypt) {
        if (!WeChatSignatures.verifyMsgSignature(token, timestamp, nonce, encrypt, msgSignature)) {
            throw new WeChatCryptoException(Reason.SIGNATURE_MISMATCH,
                    "msg_signature does not match token, timestamp, nonce and Encrypt");
        }
        return cipher.decrypt(encrypt);
    }

    /**
     * Verifies and decrypts the {@code <Encrypt>} of a parsed POST body and parses the inner XML with the
     * same parser (and so the same limits and XML hardening).
     *
     * @throws IllegalArgumentException if the body has no {@code <Encrypt>}
     */
    public WeChatMessage decryptMessage(String msgSignature, String timestamp, String nonce,
                                        WeChatMessage envelope, WeChatXmlParser parser) {
        String encrypt = envelope.encrypt();
        if (encrypt == null) {
            throw new IllegalArgumentException("body has no <Encrypt> element");
        }
        return parser.parse(decrypt(msgSignature, timestamp, nonce, encrypt));
    }

    /**
     * Encrypts a passive-reply XML and wraps it in the envelope WeChat expects:
     * {@code <xml>\n<Encrypt>…</Encrypt>\n<MsgSignature>…</MsgSignature>\n<TimeStamp>…</TimeStamp>\n<Nonce>…</Nonce>\n</xml>}
     * (the layout asserted by wechatpy's tests). {@code timestamp} and {@code nonce} must be digits /
     * CDATA-safe; they are normally the values of the request being answered or fresh ones.
     */
    public String encryptReply(String replyXml, String timestamp, String nonce) {
        requireSafe("timestamp", timestamp);
        requireSafe("nonce", nonce);
        String encrypt = cipher.encrypt(replyXml);
        String signature = WeChatSignatures.msgSignature(token, timestamp, nonce, encrypt);
        return "<xml>\n"
                + "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>\n"
                + "<MsgSignature><![CDATA[" + signature + "]]></MsgSignature>\n"
                + "<TimeStamp>" + timestamp + "</TimeStamp>\n"
                + "<Nonce><![CDATA[" + nonce + "]]></Nonce>\n"
                + "</xml>";
    }

    private static void requireSafe(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!value.matches("[A-Za-z0-9_\\-]{1,64}")) {
            throw new IllegalArgumentException(what + " must be 1..64 characters from [A-Za-z0-9_-]");
        }
    }
}
