package io.switchboard.outbound;

import java.util.Objects;
import java.util.Optional;

/**
 * What a channel reported later about a message it had taken (a Twilio status callback, say).
 *
 * @param providerMessageId the id {@link SendOutcome.Sent} carried
 * @param errorCode         the channel's error code for {@link State#FAILED}, else null
 * @param providerStatus    the channel's own word for it ({@code undelivered}), for the status record
 */
public record DeliveryReport(String providerMessageId, State state, String errorCode, String providerStatus) {

    public enum State {
        DELIVERED,
        FAILED,
        /** A step on the way (queued, sending, sent to the carrier): nothing for the reply's status. */
        INTERIM
    }

    public DeliveryReport {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(state, "state");
    }

    /** The status the reply moves to from {@code sent}; none for a step on the way. */
    public Optional<ReplyStatus> replyStatus() {
        return switch (state) {
            case DELIVERED -> Optional.of(ReplyStatus.DELIVERED);
            case FAILED -> Optional.of(ReplyStatus.FAILED);
            case INTERIM -> Optional.empty();
        };
    }

    /** Why a delivery failed, in the words of the reply's status; null unless {@link State#FAILED}. */
    public String failureReason() {
        return state == State.FAILED ? "the channel reported the message " + providerStatus
                + (errorCode == null || errorCode.equals(providerStatus) ? "" : " (error " + errorCode + ")") : null;
    }
}
