package io.switchboard.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.outbound.OutcomeException;
import io.switchboard.outbound.SendOutcome;
import io.switchboard.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T08:00:00Z"));
    private final AccessTokens tokens = new AccessTokens(clock, Duration.ofMinutes(5));
    private final AtomicInteger issued = new AtomicInteger();

    private AccessTokens.Issued next(Duration life) {
        return new AccessTokens.Issued("token-" + issued.incrementAndGet(), life);
    }

    @Test
    void shouldKeepATokenUntilTheMarginBeforeItExpires() throws OutcomeException {
        AccessTokens.Issuer issuer = () -> next(Duration.ofSeconds(7200));
        assertThat(tokens.current("app", issuer)).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(7200 - 301));
        assertThat(tokens.current("app", issuer)).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.current("app", issuer)).isEqualTo("token-2");
    }

    @Test
    void shouldRefreshAShortLivedTokenAtHalfItsLifeRatherThanOnEveryUse() throws OutcomeException {
        AccessTokens.Issuer issuer = () -> next(Duration.ofSeconds(60));
        tokens.current("app", issuer);
        clock.advance(Duration.ofSeconds(29));
        assertThat(tokens.current("app", issuer)).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.current("app", issuer)).isEqualTo("token-2");
    }

    @Test
    void shouldDiscardOnlyTheTokenThatWasCalledStale() throws OutcomeException {
        AccessTokens.Issuer issuer = () -> next(Duration.ofSeconds(7200));
        String first = tokens.current("app", issuer);
        tokens.discard("app", first);
        String second = tokens.current("app", issuer);
        tokens.discard("app", first); // a late stale answer for the old token
        assertThat(tokens.current("app", issuer)).isEqualTo(second).isEqualTo("token-2");
        assertThat(tokens.current("other-app", issuer)).isEqualTo("token-3");
    }

    @Test
    void shouldFetchOnceWhenManyThreadsNeedATokenAtTheSameTime() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AccessTokens.Issuer slow = () -> {
            fetching.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return next(Duration.ofSeconds(7200));
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> tokens.current("app", slow)));
            }
            fetching.await(10, TimeUnit.SECONDS);
            release.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("token-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(issued).hasValue(1);
    }

    @Test
    void shouldLetTheNextCallerTryAgainAfterAFailedFetch() throws OutcomeException {
        AccessTokens.Issuer failing = () -> {
            throw new OutcomeException(new SendOutcome.Failed("40125", "invalid appsecret"));
        };
        assertThatThrownBy(() -> tokens.current("app", failing)).isInstanceOfSatisfying(OutcomeException.class,
                e -> assertThat(e.outcome()).isInstanceOf(SendOutcome.Failed.class));
        assertThat(tokens.current("app", () -> next(Duration.ofSeconds(7200)))).isEqualTo("token-1");
    }
}
