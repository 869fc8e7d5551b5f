package io.switchboard.outbound;

import io.switchboard.config.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to try a reply again after a {@link SendOutcome.Retryable} attempt: exponential backoff with full jitter
 * (a uniformly random wait between zero and {@code initial × 2^(failures-1)}, capped at {@code max-backoff}), so
 * replies that failed together do not come back together; never sooner than the channel's {@code Retry-After};
 * and never past {@code max-attempts} or the deadline.
 */
@Singleton
public class RetryPolicy {

    public sealed interface Decision {
        record Retry(Duration delay) implements Decision {}

        record GiveUp(String reason) implements Decision {}
    }

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;
    private final Duration deadline;
    private final DoubleSupplier random;

    @Inject
    public RetryPolicy(SwitchboardConfig config) {
        this(config.outbound().retry().initialBackoff(), config.outbound().retry().maxBackoff(),
                config.outbound().retry().maxAttempts(), config.outbound().retry().deadline(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1) */
    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration deadline,
            DoubleSupplier random) {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff needs 0 < initial-backoff <= max-backoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry max-attempts must be at least 1, got " + maxAttempts);
        }
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.random = random;
    }

    /**
     * @param attempts how many attempts were made, the failed one included (1 after the first)
     * @param elapsed  time since the first attempt started
     * @param last     what the last attempt answered
     */
    public Decision next(int attempts, Duration elapsed, SendOutcome.Retryable last) {
        if (attempts >= maxAttempts) {
            return new Decision.GiveUp("gave up after " + attempts + " attempts; the last: " + last.reason());
        }
        Duration delay = jittered(ceiling(attempts));
        Duration asked = last.retryAfter().orElse(Duration.ZERO);
        if (asked.compareTo(delay) > 0) {
            delay = asked;
        }
        if (elapsed.plus(delay).compareTo(deadline) > 0) {
            return new Decision.GiveUp("the next attempt would start " + elapsed.plus(delay).toSeconds()
                    + " s after the first, past the deadline of " + deadline.toSeconds() + " s; the last: "
                    + last.reason());
        }
        return new Decision.Retry(delay);
    }

    /** {@code initial × 2^(attempts-1)}, capped; computed without overflow for any number of attempts. */
    Duration ceiling(int attempts) {
        Duration bound = initialBackoff;
        for (int i = 1; i < attempts && bound.compareTo(maxBackoff) < 0; i++) {
            bound = bound.multipliedBy(2);
        }
        return bound.compareTo(maxBackoff) > 0 ? maxBackoff : bound;
    }

    private Duration jittered(Duration ceiling) {
        return Duration.ofNanos((long) (random.getAsDouble() * ceiling.toNanos()));
    }
}
