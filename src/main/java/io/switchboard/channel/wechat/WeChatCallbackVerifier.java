package io.switchboard.channel.wechat;

import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether a callback really comes from WeChat / WeCom for a given account, and what it says
 * (docs/protocols.md §1.1, §1.6, §2). Signatures are checked before anything is decrypted; a push that passes
 * comes back as its verified plaintext XML.
 *
 * <table>
 *   <caption>What each account kind and mode must carry</caption>
 *   <tr><th>kind / mode</th><th>verified by</th><th>body</th></tr>
 *   <tr><td>Official Account, plain</td><td>{@code signature}</td><td>plaintext XML</td></tr>
 *   <tr><td>Official Account, compatible</td><td>{@code msg_signature} (and {@code signature} when sent)</td>
 *       <td>plaintext fields and {@code <Encrypt>}; the decrypted copy wins</td></tr>
 *   <tr><td>Official Account, safe</td><td>{@code msg_signature} (and {@code signature} when sent)</td>
 *       <td>{@code <Encrypt>} only</td></tr>
 *   <tr><td>WeCom</td><td>{@code msg_signature}</td><td>{@code <Encrypt>} only; no plaintext mode exists</td></tr>
 * </table>
 *
 * <p>Every push needs a timestamp within {@code maxClockSkew} of the clock, since {@code signature} covers
 * only token, timestamp and nonce; an account in safe mode ({@link WeChatAccount.Encryption#SAFE}) refuses
 * the plain row. Which pushes were already stored is {@link WeChatReplayGuard}'s business.
 *
 * <p>Decryption failures name their reason (wrong appid tail, truncated ciphertext, bad padding): the
 * sender has already proved it holds the token, so the detail helps an operator without helping a forger.
 */
public final class WeChatCallbackVerifier {

    /** Query parameters of a callback, already URL-decoded; any may be null. */
    public record Params(String signature, String msgSignature, String timestamp, String nonce, String echostr,
                         String encryptType) {}

    /** How a push travelled: the body as sent, or encrypted (with or without plaintext copies of the fields). */
    public enum Mode {
        PLAIN("plain"), COMPATIBLE("compatible"), SAFE("safe");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public boolean encrypted() {
            return this != PLAIN;
        }
    }

    /**
     * A push whose origin is proven.
     *
     * @param xml the verified plaintext XML in UTF-8: the body as received in plain mode, the decrypted
     *            message otherwise
     * @param id  what its signature covers, to tell WeChat's retries and replays from new pushes
     */
    public record VerifiedPush(Mode mode, WeChatMessage message, byte[] xml, WeChatPushId id) {}

    private final WeChatXmlParser parser;
    private final Duration maxClockSkew;
    private final Clock clock;

    /**
     * @param maxClockSkew how far a push's timestamp may be from {@code clock}; WeChat's retries re-send the
     *                     original timestamp, so this must comfortably exceed its retry period (about a minute)
     */
    public WeChatCallbackVerifier(WeChatXmlParser parser, Duration maxClockSkew, Clock clock) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The body to answer a URL-verification GET with: {@code echostr} itself for an Official Account, the
     * decrypted {@code echostr} for WeCom. No timestamp window: a replayed verification stores nothing and
     * answers only what the original answer already showed.
     *
     * @throws SignatureRejectedException or {@link WeChatCryptoException} (SIGNATURE_MISMATCH) → 401;
     *         {@link InvalidPayloadException} or another {@link WeChatCryptoException} → 400
     */
    public String verifyUrl(WeChatAccount account, Params p) {
        if (p.echostr() == null || p.echostr().isEmpty()) {
            throw new InvalidPayloadException("echostr", "echostr is missing");
        }
        requireTimestampAndNonce(p);
        if (account.kind() == WeChatAccount.Kind.WECOM) {
            require(p.msgSignature(), "msg_signature");
            // Base64 never contains a space: one here is a '+' that was sent without percent-encoding.
            String echostr = p.echostr().replace(' ', '+');
            return WeChatUrlVerification.weCom(account.token(), account.crypto().cipher(), p.msgSignature(),
                    p.timestamp(), p.nonce(), echostr);
        }
        require(p.signature(), "signature");
        return WeChatUrlVerification.officialAccount(account.token(), p.signature(), p.timestamp(), p.nonce(),
                p.echostr());
    }

    /**
     * Verifies a POSTed push and returns its plaintext.
     *
     * @throws SignatureRejectedException or {@link WeChatCryptoException} SIGNATURE_MISMATCH → 401;
     *         {@link WeChatPushRefusedException} for a timestamp outside the window or plaintext to a safe-mode
     *         account; {@link MalformedPayloadException}, {@link InvalidPayloadException} or another
     *         {@link WeChatCryptoException} → 400 ({@code TOO_LARGE} → 413);
     *         {@link IllegalStateException} when an encrypted push reaches an account without a key
     */
    public VerifiedPush verifyPush(WeChatAccount account, Params p, byte[] body) {
        requireTimestampAndNonce(p);
        WeChatPushId id = new WeChatPushId(account.name(), timestampWithinWindow(p.timestamp()), p.nonce());
        boolean wecom = account.kind() == WeChatAccount.Kind.WECOM;
        if (wecom) {
            require(p.msgSignature(), "msg_signature");
        } else if (p.signature() == null && p.msgSignature() == null) {
            throw new SignatureRejectedException("signature is missing");
        }
        if (p.signature() != null && !wecom
                && !WeChatSignatures.verifySignature(account.token(), p.timestamp(), p.nonce(), p.signature())) {
            throw new SignatureRejectedException("signature does not match token, timestamp and nonce");
        }
        WeChatMessage outer = parser.parse(body);
        boolean encrypted = wecom || outer.isEncrypted() || "aes".equalsIgnoreCase(p.encryptType());
        if (!encrypted) {
            require(p.signature(), "signature");
            if (!account.encryption().allowsPlaintext()) {
                throw new WeChatPushRefusedException(WeChatPushRefusedException.Reason.PLAINTEXT_REFUSED,
                        "account '" + account.name() + "' is in safe mode (switchboard.wechat.accounts."
                                + account.name() + ".mode): a push without <Encrypt> is refused");
            }
            return verified(Mode.PLAIN, outer, body, id);
        }
        if (outer.encrypt() == null) {
            throw new InvalidPayloadException("Encrypt", wecom
                    ? "WeCom callbacks are always encrypted, but the body has no <Encrypt> element"
                    : "encrypt_type=aes, but the body has no <Encrypt> element");
        }
        require(p.msgSignature(), "msg_signature");
        if (!account.canDecrypt()) {
            throw new IllegalStateException("account '" + account.name()
                    + "' received an encrypted push but has no encoding-aes-key configured");
        }
        String xml = account.crypto().decrypt(p.msgSignature(), p.timestamp(), p.nonce(), outer.encrypt());
        WeChatMessage inner = parser.parse(xml);
        if (inner.isEnvelopeOnly()) {
            throw new InvalidPayloadException("Encrypt", "the decrypted message is itself an encrypted envelope");
        }
        return verified(outer.isEnvelopeOnly() ? Mode.SAFE : Mode.COMPATIBLE, inner,
                xml.getBytes(StandardCharsets.UTF_8), id);
    }

    private static VerifiedPush verified(Mode mode, WeChatMessage message, byte[] xml, WeChatPushId id) {
        if (message.dedupeKey() == null) {
            throw new InvalidPayloadException(message.fromUserName() == null ? "FromUserName" : "CreateTime",
                    "a push needs MsgId, or FromUserName and CreateTime, to be told apart from its retries");
        }
        return new VerifiedPush(mode, message, xml, id);
    }

    private static void requireTimestampAndNonce(Params p) {
        require(p.timestamp(), "timestamp");
        require(p.nonce(), "nonce");
    }

    /** @return the timestamp in Unix seconds */
    private long timestampWithinWindow(String timestamp) {
        long sent;
        long skewSeconds;
        try {
            sent = Long.parseLong(timestamp.strip());
            skewSeconds = Math.abs(Math.subtractExact(clock.instant().getEpochSecond(), sent));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SignatureRejectedException("timestamp is not Unix seconds");
        }
        if (skewSeconds > maxClockSkew.toSeconds()) {
            throw new WeChatPushRefusedException(WeChatPushRefusedException.Reason.STALE_TIMESTAMP, "timestamp is "
                    + skewSeconds + " s away from the gateway clock, beyond the allowed " + maxClockSkew.toSeconds()
                    + " s (switchboard.wechat.max-clock-skew)");
        }
        return sent;
    }

    /** Without these the request cannot be verified at all: that is an authentication failure, not bad input. */
    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new SignatureRejectedException(name + " is missing");
        }
    }
}
