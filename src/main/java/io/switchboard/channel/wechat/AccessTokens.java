package io.switchboard.channel.wechat;

import io.switchboard.outbound.OutcomeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Access tokens per sending account. WeChat lets an account hold one valid token, and issuing a new one retires the
 * old, so every sender of the account must share one: the first caller that finds it missing or due fetches it,
 * the others wait for that fetch instead of starting their own. A token is due {@code margin} before WeChat says
 * it expires (or at half its life, for a token shorter than twice the margin); one the API called stale is dropped
 * only if it is still the cached one, so a burst of stale answers makes one refresh, not many.
 */
final class AccessTokens {

    /** Fetches a fresh token from the channel. */
    @FunctionalInterface
    interface Issuer {
        Issued issue() throws OutcomeException;
    }

    record Issued(String value, Duration expiresIn) {
        Issued {
            Objects.requireNonNull(value, "value");
        }
    }

    private record Token(String value, Instant refreshAt) {}

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile Token token;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration margin;

    AccessTokens(Clock clock, Duration margin) {
        this.clock = clock;
        this.margin = margin;
    }

    /** A token of {@code account} that is not due, fetched with {@code issuer} when there is none. */
    String current(String account, Issuer issuer) throws OutcomeException {
        Slot slot = slots.computeIfAbsent(account, a -> new Slot());
        Token token = slot.token;
        if (fresh(token)) {
            return token.value();
        }
        slot.lock.lock();
        try {
            token = slot.token;
            if (fresh(token)) {
                return token.value();
            }
            Instant issuedAt = clock.instant();
            Issued issued = issuer.issue();
            Duration early = margin.compareTo(issued.expiresIn().dividedBy(2)) < 0 ? margin
                    : issued.expiresIn().dividedBy(2);
            slot.token = new Token(issued.value(), issuedAt.plus(issued.expiresIn()).minus(early));
            return issued.value();
        } finally {
            slot.lock.unlock();
        }
    }

    /** Forgets {@code stale} if it is still the account's token; a token someone already replaced stays replaced. */
    void discard(String account, String stale) {
        Slot slot = slots.get(account);
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            Token token = slot.token;
            if (token != null && token.value().equals(stale)) {
                slot.token = null;
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private boolean fresh(Token token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
    }
}
