package io.switchboard.channel.phone;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * JSON contract of the generic signed phone webhook. Kept free of Jackson: a JSON object read
 * into a {@code Map<String,Object>} (by Jackson or anything else) is checked with
 * {@link #validate(Map)} and turned into an event with {@link #fromMap(Map)}.
 *
 * <pre>
 * {
 *   "callId": "1498559927.9",               required, non-blank string (max 200 chars)
 *   "from": "+8613800138000",               required string (may be "anonymous")
 *   "to": "8001",                           required string
 *   "direction": "inbound",                 required: inbound | outbound | internal
 *   "status": "missed",                     required: answered | missed | busy | failed | voicemail
 *   "startedAt": "2025-01-02T10:00:00+08:00",  required ISO-8601 instant with offset or Z
 *   "answeredAt": null,                     optional, same format, not before startedAt
 *   "endedAt": "2025-01-02T10:00:30+08:00", optional, same format, not before startedAt/answeredAt
 *   "durationSeconds": 30,                  optional non-negative integer
 *   "recordingUrl": "https://...",          optional absolute http(s) URL
 *   "agentId": "8001"                       optional string
 * }
 * </pre>
 * Enum values are case-insensitive. Unknown fields are ignored (forward compatible).
 */
public record CallEvent(
        String callId,
        String from,
        String to,
        CallDirection direction,
        CallStatus status,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        Long durationSeconds,
        String recordingUrl,
        String agentId) {

    public static final int MAX_ID_LENGTH = 200;

    /** One problem with one field. */
    public record FieldProblem(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }

    /** Thrown by {@link #fromMap(Map)}; the message names every bad field. */
    public static final class InvalidCallEventException extends IllegalArgumentException {
        private final List<FieldProblem> problems;

        public InvalidCallEventException(List<FieldProblem> problems) {
            super("invalid call event: " + problems);
            this.problems = List.copyOf(problems);
        }

        public List<FieldProblem> problems() {
            return problems;
        }
    }

    /** All problems of {@code json}; empty when it is a valid event. */
    public static List<FieldProblem> validate(Map<String, ?> json) {
        List<FieldProblem> problems = new ArrayList<>();
        parse(json, problems);
        return problems;
    }

    /** @throws InvalidCallEventException naming each missing/invalid field */
    public static CallEvent fromMap(Map<String, ?> json) {
        List<FieldProblem> problems = new ArrayList<>();
        CallEvent e = parse(json, problems);
        if (!problems.isEmpty()) {
            throw new InvalidCallEventException(problems);
        }
        return e;
    }

    /** JSON-ready map (ISO-8601 instants, lower-case enums, nulls omitted). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", callId);
        m.put("from", from);
        m.put("to", to);
        m.put("direction", direction.name().toLowerCase(Locale.ROOT));
        m.put("status", status.name().toLowerCase(Locale.ROOT));
        m.put("startedAt", startedAt.toString());
        putIf(m, "answeredAt", answeredAt == null ? null : answeredAt.toString());
        putIf(m, "endedAt", endedAt == null ? null : endedAt.toString());
        putIf(m, "durationSeconds", durationSeconds);
        putIf(m, "recordingUrl", recordingUrl);
        putIf(m, "agentId", agentId);
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static CallEvent parse(Map<String, ?> json, List<FieldProblem> p) {
        if (json == null) {
            p.add(new FieldProblem("$", "body must be a JSON object"));
            return null;
        }
        String callId = requiredString(json, "callId", p);
        if (callId != null && callId.length() > MAX_ID_LENGTH) {
            p.add(new FieldProblem("callId", "longer than " + MAX_ID_LENGTH + " characters"));
        }
        String from = requiredString(json, "from", p);
        String to = requiredString(json, "to", p);
        CallDirection direction = requiredEnum(json, "direction", CallDirection.class, p);
        CallStatus status = requiredEnum(json, "status", CallStatus.class, p);
        Instant startedAt = instant(json, "startedAt", true, p);
        Instant answeredAt = instant(json, "answeredAt", false, p);
        Instant endedAt = instant(json, "endedAt", false, p);
        Long duration = nonNegativeInteger(json, "durationSeconds", p);
        String recordingUrl = optionalString(json, "recordingUrl", p);
        if (recordingUrl != null && !isHttpUrl(recordingUrl)) {
            p.add(new FieldProblem("recordingUrl", "must be an absolute http(s) URL"));
        }
        String agentId = optionalString(json, "agentId", p);
        if (startedAt != null && answeredAt != null && answeredAt.isBefore(startedAt)) {
            p.add(new FieldProblem("answeredAt", "before startedAt"));
        }
        if (startedAt != null && endedAt != null && endedAt.isBefore(startedAt)) {
            p.add(new FieldProblem("endedAt", "before startedAt"));
        }
        if (answeredAt != null && endedAt != null && endedAt.isBefore(answeredAt)) {
            p.add(new FieldProblem("endedAt", "before answeredAt"));
        }
        if (!p.isEmpty()) {
            return null;
        }
        return new CallEvent(callId, from, to, direction, status, startedAt, answeredAt, endedAt, duration,
                recordingUrl, agentId);
    }

    private static String requiredString(Map<String, ?> json, String field, List<FieldProblem> p) {
        Object v = json.get(field);
        if (v == null) {
            p.add(new FieldProblem(field, "missing"));
            return null;
        }
        if (!(v instanceof String s)) {
            p.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        if (s.isBlank()) {
            p.add(new FieldProblem(field, "must not be blank"));
            return null;
        }
        return s;
    }

    private static String optionalString(Map<String, ?> json, String field, List<FieldProblem> p) {
        Object v = json.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            p.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        return s.isBlank() ? null : s;
    }

    private static <E extends Enum<E>> E requiredEnum(Map<String, ?> json, String field, Class<E> type,
                                                      List<FieldProblem> p) {
        String s = requiredString(json, field, p);
        if (s == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            p.add(new FieldProblem(field, "must be one of " + allowed + ", was '" + s + "'"));
            return null;
        }
    }

    private static Instant instant(Map<String, ?> json, String field, boolean required, List<FieldProblem> p) {
        Object v = json.get(field);
        if (v == null) {
            if (required) {
                p.add(new FieldProblem(field, "missing"));
            }
            return null;
        }
        if (!(v instanceof String s)) {
            p.add(new FieldProblem(field, "must be an ISO-8601 string with offset"));
            return null;
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeException e) {
            p.add(new FieldProblem(field, "not an ISO-8601 date-time with offset: '" + s + "'"));
            return null;
        }
    }

    private static Long nonNegativeInteger(Map<String, ?> json, String field, List<FieldProblem> p) {
        Object v = json.get(field);
        if (v == null) {
            return null;
        }
        Long n = null;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof BigInteger b && b.bitLength() < 63) {
            n = b.longValue();
        } else if (v instanceof Number num) {
            try {
                n = new BigDecimal(num.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                n = null;
            }
        }
        if (n == null) {
            p.add(new FieldProblem(field, "must be an integer"));
            return null;
        }
        if (n < 0) {
            p.add(new FieldProblem(field, "must be >= 0"));
            return null;
        }
        return n;
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme();
            return u.isAbsolute() && u.getHost() != null
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public CallEvent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
