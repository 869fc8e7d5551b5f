package io.switchboard.channel.phone;

import java.time.Instant;
import java.util.List;

/**
 * One call, merged from all its CDR legs.
 *
 * @param callId          stable id: prefix + linkedid/uniqueid of the earliest leg, or
 *                        {@code h-<hash>} of the row content for layouts without ids
 * @param direction       inbound / outbound / internal
 * @param status          merged outcome
 * @param from            caller (src of the earliest leg)
 * @param to              callee (dst of the chosen leg: the answered leg, else the earliest)
 * @param callerName      caller name from clid / caller_id_name, or null
 * @param startedAt       earliest leg start
 * @param answeredAt      answer time of the chosen answered leg, or null
 * @param endedAt         latest leg end, or null
 * @param durationSeconds endedAt − startedAt when both known, else the largest leg duration
 * @param billSeconds     billsec of the chosen answered leg, 0 when not answered
 * @param agentExtension  extension of the agent (answering extension for inbound, calling
 *                        extension for outbound/internal), or null when not known
 * @param callbackNeeded  true for unanswered inbound calls from a dialable caller
 * @param context         dialplan context of the earliest leg (may be empty)
 * @param accountCode     account code of the earliest leg (may be empty)
 * @param legCount        number of distinct legs merged
 * @param sourceLines     where the legs came from, as {@code file:line}, in leg order
 */
public record CallRecord(
        String callId,
        CallDirection direction,
        CallStatus status,
        NormalizedNumber from,
        NormalizedNumber to,
        String callerName,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        long durationSeconds,
        long billSeconds,
        String agentExtension,
        boolean callbackNeeded,
        String context,
        String accountCode,
        int legCount,
        List<String> sourceLines) {

    public CallRecord {
        sourceLines = List.copyOf(sourceLines);
    }

    /** An inbound call nobody answered, from a caller who can be reached back. */
    public static boolean needsCallback(CallDirection direction, CallStatus status, NormalizedNumber from) {
        return direction == CallDirection.INBOUND && status != CallStatus.ANSWERED
                && from.type() != NormalizedNumber.Type.ANONYMOUS && from.type() != NormalizedNumber.Type.EMPTY;
    }
}
