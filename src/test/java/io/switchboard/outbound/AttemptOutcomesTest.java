package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttemptOutcomesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    /** Always the full backoff bound: 1 s, 2 s, 4 s …, at most 3 attempts within 10 minutes. */
    private static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 3,
            Duration.ofMinutes(10), () -> 0.999999);

    private static Reply claimed(int attempts, boolean mayHaveBeenSent) {
        return new Reply("r-1", UUID.randomUUID(), UUID.randomUUID(), Channel.WECHAT, "oa", "oABC", null, null,
                "agent-7", "hi", false, List.of(), ReplyStatus.ACCEPTED, attempts, NOW.minusSeconds(5), mayHaveBeenSent,
                null, null, null, false, NOW);
    }

    private static SendOutcome.Retryable busy(boolean mayHaveBeenSent) {
        return new SendOutcome.Retryable("HTTP 503", "http-503", Optional.empty(), mayHaveBeenSent);
    }

    @Test
    void shouldRecordASentReplyWithTheChannelsId() {
        ReplyStore.Outcome outcome = AttemptOutcomes.after(claimed(1, false), new SendOutcome.Sent("msg-1", NOW), false,
                RETRIES, NOW);

        assertThat(outcome.status()).isEqualTo(ReplyStatus.SENT);
        assertThat(outcome.providerMessageId()).isEqualTo("msg-1");
        assertThat(outcome.possibleDuplicate()).isFalse();
    }

    @Test
    void shouldFailAtOnceWithTheChannelsCodeOnAPermanentRefusal() {
        ReplyStore.Outcome outcome = AttemptOutcomes.after(claimed(1, false),
                new SendOutcome.Failed("45015", "response out of time limit"), false, RETRIES, NOW);

        assertThat(outcome.status()).isEqualTo(ReplyStatus.FAILED);
        assertThat(outcome.code()).isEqualTo("45015");
        assertThat(outcome.nextAttemptAt()).isNull();
    }

    @Test
    void shouldScheduleARetryWhileAttemptsRemain() {
        ReplyStore.Outcome outcome = AttemptOutcomes.after(claimed(1, false), busy(false), false, RETRIES, NOW);

        assertThat(outcome.status()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(outcome.nextAttemptAt()).isAfter(NOW).isBeforeOrEqualTo(NOW.plusSeconds(1));
        assertThat(outcome.code()).isEqualTo("http-503");
    }

    @Test
    void shouldGiveUpAfterTheLastAttempt() {
        ReplyStore.Outcome outcome = AttemptOutcomes.after(claimed(3, false), busy(false), false, RETRIES, NOW);

        assertThat(outcome.status()).isEqualTo(ReplyStatus.FAILED);
        assertThat(outcome.reason()).contains("gave up after 3 attempts");
    }

    @Test
    void shouldFlagAResendAfterAnAttemptThatMayHaveReachedTheCustomer() {
        ReplyStore.Outcome unanswered = AttemptOutcomes.after(claimed(1, false), busy(true), false, RETRIES, NOW);
        assertThat(unanswered.mayHaveBeenSent()).isTrue();

        ReplyStore.Outcome resent = AttemptOutcomes.after(claimed(2, true), new SendOutcome.Sent("msg-2", NOW), false,
                RETRIES, NOW);
        assertThat(resent.possibleDuplicate()).isTrue();
    }

    @Test
    void shouldNotFlagAResendTheChannelRecognises() {
        ReplyStore.Outcome resent = AttemptOutcomes.after(claimed(2, true), new SendOutcome.Sent("chat-1", NOW), true,
                RETRIES, NOW);

        assertThat(resent.possibleDuplicate()).isFalse();
    }
}
