package io.switchboard.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * WeChat callback signatures (docs/protocols.md §1.1, §1.6, §2).
 *
 * <ul>
 *   <li>Official Account {@code signature} = lower-case hex SHA-1 of the lexicographically sorted
 *       concatenation of token, timestamp, nonce (no separator).</li>
 *   <li>{@code msg_signature} (safe mode and every WeCom callback) = the same over token, timestamp,
 *       nonce and the Base64 {@code Encrypt} / {@code echostr} value.</li>
 * </ul>
 *
 * <p>Sorting uses {@link String#compareTo}, i.e. UTF-16 code units; for the ASCII values WeChat sends
 * this is the same order as Tencent's samples (byte order).
 */
public final class WeChatSignatures {

    private WeChatSignatures() {
    }

    /** Sorts {@code parts}, concatenates them and returns lower-case hex SHA-1 of the UTF-8 bytes. */
    public static String sha1OfSorted(String... parts) {
        String[] sorted = parts.clone();
        for (String p : sorted) {
            if (p == null) {
                throw new IllegalArgumentException("signature input must not be null");
            }
        }
        Arrays.sort(sorted);
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
        for (String p : sorted) {
            sha1.update(p.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** Official Account {@code signature} over token, timestamp, nonce. */
    public static String signature(String token, String timestamp, String nonce) {
        return sha1OfSorted(token, timestamp, nonce);
    }

    /** {@code msg_signature} over token, timestamp, nonce and the encrypted payload (Encrypt or echostr). */
    public static String msgSignature(String token, String timestamp, String nonce, String encrypted) {
        return sha1OfSorted(token, timestamp, nonce, encrypted);
    }

    /** True when {@code provided} equals the Official Account signature. Null inputs give false. */
    public static boolean verifySignature(String token, String timestamp, String nonce, String provided) {
        if (token == null || timestamp == null || nonce == null || provided == null) {
            return false;
        }
        return constantTimeEquals(signature(token, timestamp, nonce), provided);
    }

    /** True when {@code provided} equals the msg_signature. Null inputs give false. */
    public static boolean verifyMsgSignature(String token, String timestamp, String nonce, String encrypted,
                                             String provided) {
        if (token == null || timestamp == null || nonce == null || encrypted == null || provided == null) {
            return false;
        }
        return constantTimeEquals(msgSignature(token, timestamp, nonce, encrypted), provided);
    }

    /**
     * Compares two hex digests without an early exit on the first differing byte
     * ({@link MessageDigest#isEqual}). Hex case is ignored; null on either side gives false.
     */
    public static boolean constantTimeEquals(String expectedHex, String providedHex) {
        if (expectedHex == null || providedHex == null) {
            return false;
        }
        byte[] a = expectedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        byte[] b = providedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(a, b);
    }
}
