package io.switchboard.channel.phone;

import io.switchboard.ingress.InvalidPayloadException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Twilio Voice status callback (or any Twilio voice request) read from its parameters.
 *
 * <p>A call reports several statuses; only a terminal one (completed, busy, no-answer, failed,
 * canceled) is a contact. Its raw message is keyed by the bare CallSid, so Twilio's retries of it
 * collapse into one record; intermediate statuses are keyed {@code CallSid#<SequenceNumber or status>}
 * and kept only as raw messages.
 */
public record TwilioCallback(
        String callSid,
        String callStatus,
        String direction,
        String from,
        String to,
        String sequenceNumber,
        String timestamp,
        Long callDuration,
        String recordingUrl,
        String answeredBy) {

    private static final Set<String> TERMINAL = Set.of("completed", "busy", "no-answer", "failed", "canceled");
    private static final int MAX_SID_LENGTH = 64;

    /** @throws InvalidPayloadException naming the parameter that is missing or malformed */
    public static TwilioCallback from(Map<String, String> params) {
        String sid = params.get("CallSid");
        if (sid == null || sid.isBlank()) {
            throw new InvalidPayloadException("CallSid", "CallSid is required");
        }
        if (sid.length() > MAX_SID_LENGTH || !sid.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#')) {
            throw new InvalidPayloadException("CallSid", "CallSid must be up to " + MAX_SID_LENGTH
                    + " printable ASCII characters");
        }
        String status = params.get("CallStatus");
        Long duration = null;
        String rawDuration = params.get("CallDuration");
        if (rawDuration != null && !rawDuration.isBlank()) {
            try {
                duration = Long.parseLong(rawDuration.strip());
            } catch (NumberFormatException e) {
                throw new InvalidPayloadException("CallDuration", "CallDuration must be whole seconds");
            }
            if (duration < 0) {
                throw new InvalidPayloadException("CallDuration", "CallDuration must not be negative");
            }
        }
        return new TwilioCallback(sid, status == null ? null : status.strip().toLowerCase(Locale.ROOT),
                params.get("Direction"), params.get("From"), params.get("To"), params.get("SequenceNumber"),
                params.get("Timestamp"), duration, blankToNull(params.get("RecordingUrl")),
                params.get("AnsweredBy"));
    }

    /** Whether this is the call's final status, the one that becomes a contact. */
    public boolean terminal() {
        return callStatus != null && TERMINAL.contains(callStatus);
    }

    /** Raw message key: the CallSid for the terminal status, else CallSid plus the event it reports. */
    public String channelMessageId() {
        if (terminal()) {
            return callSid;
        }
        if (sequenceNumber != null && !sequenceNumber.isBlank()) {
            return callSid + "#" + sequenceNumber.strip();
        }
        return callSid + "#" + (callStatus == null || callStatus.isBlank() ? "request" : callStatus);
    }

    /** Outcome of a terminal status; a call answered by a machine (AMD) went to voicemail. */
    public CallStatus outcome() {
        if (!terminal()) {
            throw new IllegalStateException("status " + callStatus + " is not terminal");
        }
        return switch (callStatus) {
            case "completed" -> answeredBy != null && answeredBy.startsWith("machine")
                    ? CallStatus.VOICEMAIL : CallStatus.ANSWERED;
            case "busy" -> CallStatus.BUSY;
            case "failed" -> CallStatus.FAILED;
            default -> CallStatus.MISSED;
        };
    }

    /** {@code inbound} is inbound; {@code outbound-api} and {@code outbound-dial} are outbound. */
    public CallDirection callDirection() {
        return direction != null && direction.strip().toLowerCase(Locale.ROOT).startsWith("outbound")
                ? CallDirection.OUTBOUND : CallDirection.INBOUND;
    }

    /** When Twilio says the event happened (RFC 2822 {@code Timestamp}), or null when absent or unreadable. */
    public Instant eventTime() {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(timestamp.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
