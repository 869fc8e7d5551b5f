package io.switchboard.outbound;

import java.util.Objects;

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
}
