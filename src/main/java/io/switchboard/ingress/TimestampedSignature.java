package io.switchboard.ingress;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Switchboard-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]} where
 * {@code v1 = hex(HMAC-SHA256(secret, t + "." + raw body))}: several secrets (rotation), several
 * {@code v1} values, a tolerance window around now, and a constant-time comparison.
 */
public final class TimestampedSignature {

    public static final String HEADER = "X-Switchboard-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final Duration tolerance;
    private final Clock clock;
    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(TimestampedSignature::newMac);

    public TimestampedSignature(List<String> secrets, Duration tolerance, Clock clock) {
        this.keys = secrets.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    /**
     * @throws SignatureRejectedException with a reason a caller can act on
     */
    public void verify(String header, byte[] body) {
        if (keys.isEmpty()) {
            throw new SignatureRejectedException("no signing secret is configured for this channel");
        }
        if (header == null || header.isBlank()) {
            throw new SignatureRejectedException("missing " + HEADER + " header");
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>(2);
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (name.equals("t")) {
                timestamp = parseTimestamp(value);
            } else if (name.equals("v1")) {
                candidates.add(parseHex(value));
            }
        }
        if (timestamp == null) {
            throw new SignatureRejectedException(HEADER + " has no t=<unix seconds> timestamp");
        }
        if (candidates.isEmpty()) {
            throw new SignatureRejectedException(HEADER + " has no v1 signature");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new SignatureRejectedException("signature timestamp is " + skew + " s away from now (tolerance "
                    + tolerance.toSeconds() + " s)");
        }
        for (SecretKeySpec key : keys) {
            byte[] expected = sign(key, timestamp, body);
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return;
                }
            }
        }
        throw new SignatureRejectedException("signature does not match the body");
    }

    /** The header value a sender would compute, for tools and tests. */
    public static String headerFor(String secret, long unixSeconds, byte[] body) {
        byte[] signature = sign(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), unixSeconds, body,
                newMac());
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(signature);
    }

    private byte[] sign(SecretKeySpec key, long timestamp, byte[] body) {
        return sign(key, timestamp, body, mac.get());
    }

    private static byte[] sign(SecretKeySpec key, long timestamp, byte[] body, Mac mac) {
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return mac.doFinal(body);
    }

    private static Long parseTimestamp(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SignatureRejectedException("signature timestamp '" + abbreviate(value) + "' is not unix seconds");
        }
    }

    private static byte[] parseHex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            // a malformed candidate cannot match; compare against nothing rather than reveal why
            return new byte[0];
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
