package io.switchboard.channel.wechat;

import io.switchboard.channel.wechat.WeChatCryptoException.Reason;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES part of WeChat "safe mode" and of every WeCom callback (docs/protocols.md §1.6, §2), for one account.
 *
 * <ul>
 *   <li>key = Base64-decode(EncodingAESKey + "=") → 32 bytes → AES-256-CBC; IV = first 16 key bytes;</li>
 *   <li>plaintext = random(16) ‖ uint32 big-endian BYTE length of the UTF-8 message ‖ message ‖ receiveId;</li>
 *   <li>PKCS#7 padding to a multiple of <b>32</b> bytes (pad value 1..32), done by hand over
 *       {@code AES/CBC/NoPadding} because JCE's PKCS5Padding rejects pad values above 16.</li>
 * </ul>
 *
 * <p>{@code receiveId} is the appid (Official Account), the corpid (WeCom self-built app) or the suiteid
 * (WeCom third-party suite); WeCom sends an empty one in some scenarios, so the empty string is allowed
 * and then means "the tail must be empty".
 *
 * <p>Thread-safe: a JCE {@link Cipher} is created per call.
 */
public final class WeChatCipher {

    /** PKCS#7 block size used by WeChat (not the AES block size). */
    public static final int PAD_BLOCK = 32;
    private static final int AES_BLOCK = 16;
    private static final int RANDOM_LENGTH = 16;
    private static final int HEADER_LENGTH = RANDOM_LENGTH + 4;
    private static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9]{43}");

    /** Source of the 16 random prefix bytes; injectable so published vectors can be reproduced. */
    @FunctionalInterface
    public interface RandomSource {
        void nextBytes(byte[] bytes);
    }

    /** Result of {@link #open}: the message plus what surrounded it in the plaintext. */
    public record Opened(byte[] randomPrefix, String message, String receiveId, int padLength) {
        public Opened {
            randomPrefix = randomPrefix.clone();
        }

        @Override
        public byte[] randomPrefix() {
            return randomPrefix.clone();
        }
    }

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String receiveId;
    private final byte[] receiveIdBytes;
    private final RandomSource random;

    /** Cipher with a {@link SecureRandom} prefix source. */
    public WeChatCipher(String encodingAesKey, String receiveId) {
        this(encodingAesKey, receiveId, new SecureRandom()::nextBytes);
    }

    /**
     * @param encodingAesKey the 43-character EncodingAESKey from the admin console
     * @param receiveId      appid / corpid / suiteid expected at the end of every plaintext ("" allowed)
     * @param random         source of the 16-byte random prefix used by {@link #encrypt}
     * @throws WeChatCryptoException with {@link Reason#ILLEGAL_AES_KEY} if the key has the wrong shape
     */
    public WeChatCipher(String encodingAesKey, String receiveId, RandomSource random) {
        Objects.requireNonNull(encodingAesKey, "encodingAesKey");
        this.receiveId = Objects.requireNonNull(receiveId, "receiveId");
        this.random = Objects.requireNonNull(random, "random");
        if (!KEY_SHAPE.matcher(encodingAesKey).matches()) {
            // Never echo the key itself.
            throw new WeChatCryptoException(Reason.ILLEGAL_AES_KEY,
                    "EncodingAESKey must be exactly 43 characters from [A-Za-z0-9], got "
                            + encodingAesKey.length() + " characters");
        }
        byte[] raw = Base64.getDecoder().decode(encodingAesKey + "=");
        if (raw.length != 32) {
            throw new WeChatCryptoException(Reason.ILLEGAL_AES_KEY,
                    "EncodingAESKey decoded to " + raw.length + " bytes, expected 32");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, AES_BLOCK));
        Arrays.fill(raw, (byte) 0);
        this.receiveIdBytes = receiveId.getBytes(StandardCharsets.UTF_8);
    }

    /** The appid / corpid / suiteid this cipher writes and expects. */
    public String receiveId() {
        return receiveId;
    }

    /** Encrypts {@code message} (usually reply XML) and returns the Base64 ciphertext for {@code <Encrypt>}. */
    public String encrypt(String message) {
        Objects.requireNonNull(message, "message");
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[RANDOM_LENGTH];
        random.nextBytes(prefix);
        int unpadded = HEADER_LENGTH + msg.length + receiveIdBytes.length;
        int pad = PAD_BLOCK - (unpadded % PAD_BLOCK); // 1..32, a full block when already aligned
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(prefix).putInt(msg.length).put(msg).put(receiveIdBytes);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        byte[] cipherText = runAes(Cipher.ENCRYPT_MODE, plain.array());
        return Base64.getEncoder().encodeToString(cipherText);
    }

    /** Decrypts a Base64 {@code Encrypt} / {@code echostr} value and returns the message it carries. */
    public String decrypt(String base64CipherText) {
        return open(base64CipherText).message();
    }

    /**
     * Decrypts and validates a Base64 ciphertext, returning message and framing details.
     *
     * @throws WeChatCryptoException BAD_BASE64, TRUNCATED, BAD_PADDING, BAD_LENGTH, BAD_UTF8 or APPID_MISMATCH
     */
    public Opened open(String base64CipherText) {
        Objects.requireNonNull(base64CipherText, "base64CipherText");
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(base64CipherText.strip());
        } catch (IllegalArgumentException e) {
            throw new WeChatCryptoException(Reason.BAD_BASE64,
                    "ciphertext is not valid Base64 (" + e.getMessage() + ")", e);
        }
        if (cipherText.length == 0 || cipherText.length % AES_BLOCK != 0) {
            throw new WeChatCryptoException(Reason.TRUNCATED,
                    "ciphertext is " + cipherText.length + " bytes, not a positive multiple of the "
                            + AES_BLOCK + "-byte AES block");
        }
        byte[] plain = runAes(Cipher.DECRYPT_MODE, cipherText);

        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) {
            throw new WeChatCryptoException(Reason.BAD_PADDING,
                    "PKCS#7 pad value " + pad + " is outside 1.." + PAD_BLOCK);
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new WeChatCryptoException(Reason.BAD_PADDING,
                        "PKCS#7 pad bytes are not all equal to the pad value " + pad);
            }
        }
        int content = plain.length - pad;
        if (content < HEADER_LENGTH) {
            throw new WeChatCryptoException(Reason.TRUNCATED,
                    "plaintext is " + content + " bytes, too short for the 16-byte random prefix and 4-byte length");
        }
        long declared = ByteBuffer.wrap(plain, RANDOM_LENGTH, 4).getInt() & 0xffffffffL;
        long available = content - HEADER_LENGTH;
        if (declared > available) {
            throw new WeChatCryptoException(Reason.BAD_LENGTH,
                    "declared message length " + declared + " exceeds the " + available
                            + " bytes left after the header");
        }
        int msgLen = (int) declared;
        String message;
        try {
            message = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, HEADER_LENGTH, msgLen))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WeChatCryptoException(Reason.BAD_UTF8, "decrypted message is not valid UTF-8", e);
        }
        byte[] tail = Arrays.copyOfRange(plain, HEADER_LENGTH + msgLen, content);
        if (!Arrays.equals(tail, receiveIdBytes)) {
            throw new WeChatCryptoException(Reason.APPID_MISMATCH,
                    "payload is addressed to '" + printable(tail) + "' but this account expects '"
                            + receiveId + "'");
        }
        return new Opened(Arrays.copyOf(plain, RANDOM_LENGTH), message, receiveId, pad);
    }

    private byte[] runAes(int mode, byte[] input) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(mode, key, iv);
            return aes.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new WeChatCryptoException(Reason.CIPHER_FAILURE, "AES-256-CBC failed: " + e.getMessage(), e);
        }
    }

    /** Tail bytes for an error message: at most 64 characters, control and non-ASCII bytes escaped. */
    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < bytes.length && sb.length() < 64; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\'' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        if (i < bytes.length) {
            sb.append("...");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "WeChatCipher[receiveId=" + receiveId + "]"; // key deliberately omitted
    }
}
