package io.switchboard.channel.phone;

import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio webhook signatures ({@code X-Twilio-Signature}).
 *
 * <p>signature = Base64(HMAC-SHA1(authToken, url + Σ over POST params sorted by name of
 * name + value)). {@link #validate} accepts the URL as given, with its port removed, and with the
 * scheme's default port (:443 / :80) added, as Twilio's own validators do, because what Twilio
 * signed and what the server sees can differ in exactly that way. JSON bodies are signed over
 * the URL only; the URL then carries {@code bodySHA256=<hex sha256(body)>}, which
 * {@link #validateJsonBody} checks too. All comparisons are constant-time.
 */
public final class TwilioSignature {

    public static final String HEADER = "X-Twilio-Signature";
    public static final String BODY_SHA256_PARAM = "bodySHA256";

    private final byte[] authToken;

    public TwilioSignature(String authToken) {
        Objects.requireNonNull(authToken, "authToken");
        if (authToken.isEmpty()) {
            throw new IllegalArgumentException("authToken must not be empty");
        }
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Signature for {@code url} and single-valued form params (null/empty map: GET or JSON). */
    public String compute(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        if (params != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
                data.append(e.getKey()).append(e.getValue() == null ? "" : e.getValue());
            }
        }
        return sign(data.toString());
    }

    /**
     * Signature for multi-valued form params: names sorted, values of a repeated name sorted and
     * each appended as name + value.
     */
    public String computeMulti(String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        if (params != null) {
            for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
                List<String> values = new ArrayList<>(e.getValue() == null ? List.of() : e.getValue());
                values.replaceAll(v -> v == null ? "" : v);
                Collections.sort(values);
                for (String v : values) {
                    data.append(e.getKey()).append(v);
                }
            }
        }
        return sign(data.toString());
    }

    /** Validates a form-encoded (or GET, with empty params) request. */
    public boolean validate(String url, Map<String, String> params, String signature) {
        if (url == null || signature == null || signature.isBlank()) {
            return false;
        }
        boolean ok = false;
        for (String candidate : urlVariants(url)) {
            ok |= constantTimeEquals(compute(candidate, params), signature.trim());
        }
        return ok;
    }

    /** Multi-valued variant of {@link #validate}. */
    public boolean validateMulti(String url, Map<String, List<String>> params, String signature) {
        if (url == null || signature == null || signature.isBlank()) {
            return false;
        }
        boolean ok = false;
        for (String candidate : urlVariants(url)) {
            ok |= constantTimeEquals(computeMulti(candidate, params), signature.trim());
        }
        return ok;
    }

    /**
     * The parameters of a form-encoded Twilio request once its signature is verified over {@code url} and all of them.
     *
     * @throws InvalidPayloadException    when the body is not form-encoded (a malformed percent-escape): answer 400
     * @throws SignatureRejectedException when the header is missing or does not match: answer 401
     */
    public Map<String, List<String>> verifiedForm(String url, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            throw new SignatureRejectedException("missing " + HEADER + " header");
        }
        Map<String, List<String>> form;
        try {
            form = FormBody.parse(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException(null, "the body is not application/x-www-form-urlencoded: "
                    + e.getMessage());
        }
        if (!validateMulti(url, form, header)) {
            throw new SignatureRejectedException(HEADER + " does not match " + url);
        }
        return form;
    }

    /**
     * Validates a JSON-bodied request: the signature covers the full URL (including the
     * {@code bodySHA256} query parameter) with no params appended, and {@code bodySHA256} must equal
     * the hex SHA-256 of the raw body bytes.
     */
    public boolean validateJsonBody(String url, byte[] body, String signature) {
        if (url == null || body == null) {
            return false;
        }
        String claimed = queryParam(url, BODY_SHA256_PARAM);
        if (claimed == null) {
            return false;
        }
        boolean signatureOk = validate(url, Map.of(), signature);
        boolean bodyOk = constantTimeEquals(sha256Hex(body), claimed.toLowerCase(Locale.ROOT));
        return signatureOk & bodyOk;
    }

    /** {@link #validateJsonBody(String, byte[], String)} for a UTF-8 body string. */
    public boolean validateJsonBody(String url, String body, String signature) {
        return body != null && validateJsonBody(url, body.getBytes(StandardCharsets.UTF_8), signature);
    }

    /** Lower-case hex SHA-256, as used in {@code bodySHA256}. */
    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The URL as given, without an explicit port, and with the scheme's default port added
     * when it had none. Unparseable URLs yield only themselves.
     */
    public static Set<String> urlVariants(String url) {
        Set<String> out = new LinkedHashSet<>();
        out.add(url);
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            return out;
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authStart = schemeEnd + 3;
        int authEnd = authStart;
        while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = url.substring(authStart, authEnd);
        String prefix = url.substring(0, authStart);
        String suffix = url.substring(authEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return out;
            }
            host = hostPort.substring(0, close + 1);
            String rest = hostPort.substring(close + 1);
            port = rest.startsWith(":") ? rest.substring(1) : null;
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            return out;
        }
        if (port != null) {
            out.add(prefix + userInfo + host + suffix);
        } else {
            String def = "https".equals(scheme) ? "443" : "http".equals(scheme) ? "80" : null;
            if (def != null) {
                out.add(prefix + userInfo + host + ":" + def + suffix);
            }
        }
        return out;
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 not available", e);
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw value of the first query parameter {@code name} (no percent-decoding; hex needs none). */
    static String queryParam(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = url.indexOf('#', q);
        String query = hash >= 0 ? url.substring(q + 1, hash) : url.substring(q + 1);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq >= 0 ? pair.substring(0, eq) : pair;
            if (k.equals(name)) {
                return eq >= 0 ? pair.substring(eq + 1) : "";
            }
        }
        return null;
    }
}
