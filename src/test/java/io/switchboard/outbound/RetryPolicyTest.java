package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final SendOutcome.Retryable TIMEOUT = retryable(Optional.empty());

    private static SendOutcome.Retryable retryable(Optional<Duration> retryAfter) {
        return new SendOutcome.Retryable("no answer", "timeout", retryAfter, true);
    }

    private static RetryPolicy policy(double random) {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 10, Duration.ofMinutes(30), () -> random);
    }

    private static Duration delay(RetryPolicy.Decision decision) {
        assertThat(decision).isInstanceOf(RetryPolicy.Decision.Retry.class);
        return ((RetryPolicy.Decision.Retry) decision).delay();
    }

    @Test
    void shouldWaitAtMostTheDoublingBoundAndAtLeastNothing() {
        RetryPolicy longest = policy(Math.nextDown(1.0));
        assertThat(delay(longest.next(1, Duration.ZERO, TIMEOUT))).isLessThan(Duration.ofSeconds(1))
                .isGreaterThan(Duration.ofMillis(999));
        assertThat(delay(longest.next(2, Duration.ZERO, TIMEOUT))).isLessThan(Duration.ofSeconds(2))
                .isGreaterThan(Duration.ofMillis(1999));
        assertThat(delay(longest.next(4, Duration.ZERO, TIMEOUT))).isLessThan(Duration.ofSeconds(8))
                .isGreaterThan(Duration.ofMillis(7999));
        assertThat(delay(policy(0.0).next(4, Duration.ZERO, TIMEOUT))).isZero();
    }

    @Test
    void shouldSpreadRetriesOverTheWholeBound() {
        assertThat(delay(policy(0.25).next(3, Duration.ZERO, TIMEOUT))).isEqualTo(Duration.ofSeconds(1));
        assertThat(delay(policy(0.5).next(3, Duration.ZERO, TIMEOUT))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldCapTheBoundAtMaxBackoffWhateverTheNumberOfAttempts() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Integer.MAX_VALUE,
                Duration.ofDays(365), () -> Math.nextDown(1.0));
        assertThat(policy.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(policy.ceiling(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.ceiling(1_000_000)).isEqualTo(Duration.ofMinutes(5));
        assertThat(delay(policy.next(5_000, Duration.ZERO, TIMEOUT))).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void shouldNeverRetrySoonerThanTheChannelAsked() {
        Duration asked = Duration.ofSeconds(30);
        assertThat(delay(policy(0.9).next(1, Duration.ZERO, retryable(Optional.of(asked))))).isEqualTo(asked);
        // a Retry-After above the cap is still honoured: the channel knows when it will take messages again
        Duration beyondCap = Duration.ofMinutes(10);
        assertThat(delay(policy(0.9).next(1, Duration.ZERO, retryable(Optional.of(beyondCap))))).isEqualTo(beyondCap);
        // a shorter Retry-After does not shorten the backoff
        assertThat(delay(policy(0.99).next(6, Duration.ZERO, retryable(Optional.of(Duration.ofSeconds(1))))))
                .isGreaterThan(Duration.ofSeconds(31));
    }

    @Test
    void shouldGiveUpAfterMaxAttempts() {
        RetryPolicy policy = policy(0.5);
        assertThat(policy.next(9, Duration.ZERO, TIMEOUT)).isInstanceOf(RetryPolicy.Decision.Retry.class);
        RetryPolicy.Decision last = policy.next(10, Duration.ZERO, TIMEOUT);
        assertThat(last).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
        assertThat(((RetryPolicy.Decision.GiveUp) last).reason()).contains("10 attempts").contains("no answer");
    }

    @Test
    void shouldGiveUpWhenTheNextAttemptWouldStartPastTheDeadline() {
        RetryPolicy policy = policy(0.5);
        assertThat(policy.next(2, Duration.ofMinutes(29), TIMEOUT)).isInstanceOf(RetryPolicy.Decision.Retry.class);
        RetryPolicy.Decision late = policy.next(2, Duration.ofMinutes(29), retryable(Optional.of(Duration.ofMinutes(2))));
        assertThat(late).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
        assertThat(((RetryPolicy.Decision.GiveUp) late).reason()).contains("deadline of 1800 s");
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofMinutes(5), 3, Duration.ofHours(1), () -> 0))
                .hasMessageContaining("initial-backoff");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(10), Duration.ofMinutes(5), 3, Duration.ofHours(1),
                () -> 0)).hasMessageContaining("max-backoff");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0, Duration.ofHours(1),
                () -> 0)).hasMessageContaining("max-attempts");
    }
}
