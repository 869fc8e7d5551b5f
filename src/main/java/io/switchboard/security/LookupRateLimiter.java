package io.switchboard.security;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.ingress.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per credential for customer look-ups, so one agent tool stuck in a loop (or a stolen
 * key harvesting profiles) gets 429 instead of reading the whole customer base or starving the
 * operator connection pool. Runs after {@link OperatorAccess}, which names the caller.
 */
@Singleton
public class LookupRateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public LookupRateLimiter(SwitchboardConfig config) {
        this(config.security().lookupsPerSecond(), config.security().lookupBurst(), System::nanoTime);
    }

    public LookupRateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
    }

    public Handler<RoutingContext> handler() {
        return ctx -> {
            double waitSeconds = take(Caller.of(ctx).name());
            if (waitSeconds > 0) {
                ctx.response().putHeader("Retry-After", Long.toString((long) Math.ceil(waitSeconds)));
                HttpErrors.send(ctx.response(), 429, "too_many_requests",
                        "this key used its " + (long) burst + " look-ups at once and " + perSecond
                                + " per second; retry after " + ctx.response().headers().get("Retry-After") + " s", null);
                return;
            }
            ctx.next();
        };
    }

    /** 0 when a look-up may go ahead now, else the seconds until the next one may. */
    double take(String caller) {
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(burst, nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (1 - bucket.tokens) / perSecond;
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
