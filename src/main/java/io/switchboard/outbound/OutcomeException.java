package io.switchboard.outbound;

import java.util.Objects;

/** Ends an attempt from deep inside a sender (no answer, no access token) with the outcome it came to. */
public final class OutcomeException extends Exception {

    private final transient SendOutcome outcome;

    public OutcomeException(SendOutcome outcome) {
        super(describe(outcome), null, false, false);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    public SendOutcome outcome() {
        return outcome;
    }

    private static String describe(SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Retryable retryable) {
            return retryable.reason();
        }
        return outcome instanceof SendOutcome.Failed failed ? failed.message() : "sent";
    }
}
