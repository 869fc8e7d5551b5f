package io.switchboard.outbound;

import java.time.Duration;
import java.time.Instant;

/**
 * What the reply's row becomes after one attempt: {@code sent} with the channel's id; a retry at the time the
 * {@link RetryPolicy} picks (or {@code failed} when it gives up); {@code failed} with the channel's code for a
 * permanent refusal. A reply that may already have reached the customer once and goes out again on a channel that
 * does not recognise resends is marked a possible duplicate.
 */
public final class AttemptOutcomes {

    private AttemptOutcomes() {}

    /**
     * @param reply   the row as claimed: {@code attempts} counts this attempt, {@code mayHaveBeenSent} whether an
     *                earlier one may have reached the channel
     * @param outcome what this attempt answered
     */
    public static ReplyStore.Outcome after(Reply reply, SendOutcome outcome, boolean recognisesResends,
            RetryPolicy retries, Instant now) {
        boolean duplicate = reply.mayHaveBeenSent() && !recognisesResends;
        if (outcome instanceof SendOutcome.Sent sent) {
            return new ReplyStore.Outcome(ReplyStatus.SENT, null, null, null, sent.providerMessageId(),
                    reply.mayHaveBeenSent(), duplicate);
        }
        if (outcome instanceof SendOutcome.Failed failed) {
            return new ReplyStore.Outcome(ReplyStatus.FAILED, null, failed.code(), failed.message(), null,
                    reply.mayHaveBeenSent(), false);
        }
        SendOutcome.Retryable retryable = (SendOutcome.Retryable) outcome;
        boolean mayHaveBeenSent = reply.mayHaveBeenSent() || retryable.mayHaveBeenSent();
        Instant first = reply.firstAttemptAt() == null ? now : reply.firstAttemptAt();
        RetryPolicy.Decision decision = retries.next(reply.attempts(), Duration.between(first, now), retryable);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            return new ReplyStore.Outcome(ReplyStatus.ACCEPTED, now.plus(retry.delay()), retryable.code(),
                    retryable.reason(), null, mayHaveBeenSent, false);
        }
        return new ReplyStore.Outcome(ReplyStatus.FAILED, null, retryable.code(),
                ((RetryPolicy.Decision.GiveUp) decision).reason(), null, mayHaveBeenSent, false);
    }
}
