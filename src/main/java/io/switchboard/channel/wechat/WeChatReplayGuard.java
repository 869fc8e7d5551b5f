package io.switchboard.channel.wechat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which signed pushes this gateway instance has already stored, so that a signature can be used once.
 *
 * <p>The plain-mode signature covers token, timestamp and nonce but not the body, and WeChat re-sends a
 * push it got no answer to with the same three values. So a push is remembered by its
 * {@link WeChatPushId} and a SHA-256 of its verified plaintext, and only once it is durably stored:
 * <ul>
 *   <li>the same id and message again: WeChat's retry, or a replay of it; answered {@code success}, not stored;</li>
 *   <li>the same id with another message: a captured signature on a forged body; refused;</li>
 *   <li>the same id while its first delivery is still being stored: answered "retry later";</li>
 *   <li>an id whose first delivery failed (503) is forgotten, so WeChat's retry is stored normally.</li>
 * </ul>
 * An entry is kept until its timestamp leaves the window ({@code timestamp + maxClockSkew}); after that the
 * timestamp check refuses the push anyway. At most {@code capacity} entries are kept; when full, the one
 * closest to expiring is dropped and counted in {@link #evictions()}.
 *
 * <p>The memory is per instance: behind a load balancer a captured signature can still be stored once
 * on each other instance within the window.
 */
public final class WeChatReplayGuard {

    public enum Verdict {
        /** Not seen: store it, then report {@link Claim#stored()} or {@link Claim#failed()}. */
        NEW,
        /** Stored before with the same message: answer {@code success}, store nothing. */
        ALREADY_STORED,
        /** Its first delivery is being stored right now: ask for a retry, store nothing. */
        IN_FLIGHT,
        /** Stored or being stored with a different message under the same signature: refuse. */
        OTHER_MESSAGE
    }

    /** The answer to one delivery; for a {@link Verdict#NEW} one, also the way to report how storing went. */
    public final class Claim {
        private final Verdict verdict;
        private final Entry entry;

        private Claim(Verdict verdict, Entry entry) {
            this.verdict = verdict;
            this.entry = entry;
        }

        public Verdict verdict() {
            return verdict;
        }

        /** The message is durable: later deliveries of it are answered without storing. */
        public void stored() {
            if (entry != null) {
                remember(entry);
            }
        }

        /** The message could not be stored: the next delivery is processed as if it were the first. */
        public void failed() {
            if (entry != null) {
                forget(entry);
            }
        }
    }

    private static final class Entry {
        final WeChatPushId id;
        final byte[] digest;
        final long expiresAt;
        final long sequence;
        boolean stored;

        Entry(WeChatPushId id, byte[] digest, long expiresAt, long sequence) {
            this.id = id;
            this.digest = digest;
            this.expiresAt = expiresAt;
            this.sequence = sequence;
        }
    }

    private static final Comparator<Entry> BY_EXPIRY = Comparator.<Entry>comparingLong(e -> e.expiresAt)
            .thenComparingLong(e -> e.sequence);

    private final long windowSeconds;
    private final int capacity;
    private final Clock clock;
    private final Map<WeChatPushId, Entry> entries = new HashMap<>();
    private final TreeSet<Entry> byExpiry = new TreeSet<>(BY_EXPIRY);
    private long sequence;
    private long evictions;

    /**
     * @param window   the timestamp window of {@link WeChatCallbackVerifier}: an entry is needed no longer
     * @param capacity the most entries kept
     */
    public WeChatReplayGuard(Duration window, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("switchboard.wechat.replay-cache-size must be at least 1, got " + capacity);
        }
        this.windowSeconds = window.toSeconds();
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param plaintext the verified plaintext XML of the push */
    public Claim claim(WeChatPushId id, byte[] plaintext) {
        byte[] digest = sha256(plaintext);
        synchronized (this) {
            dropExpired();
            Entry seen = entries.get(id);
            if (seen != null) {
                if (!MessageDigest.isEqual(seen.digest, digest)) {
                    return new Claim(Verdict.OTHER_MESSAGE, null);
                }
                return new Claim(seen.stored ? Verdict.ALREADY_STORED : Verdict.IN_FLIGHT, null);
            }
            Entry entry = new Entry(id, digest, Math.addExact(id.timestamp(), windowSeconds), sequence++);
            add(entry);
            return new Claim(Verdict.NEW, entry);
        }
    }

    /** Entries held now, stored or being stored. */
    public synchronized int size() {
        return entries.size();
    }

    /** Entries dropped before their window ended because the cache was full. */
    public synchronized long evictions() {
        return evictions;
    }

    private synchronized void remember(Entry entry) {
        entry.stored = true;
        if (entries.get(entry.id) == entry) {
            return;
        }
        // dropped while it was being stored (cache full): a stored push must be remembered, it is the one that counts
        Entry other = entries.remove(entry.id);
        if (other != null) {
            byExpiry.remove(other);
        }
        add(entry);
    }

    private synchronized void forget(Entry entry) {
        if (entries.get(entry.id) == entry) {
            entries.remove(entry.id);
            byExpiry.remove(entry);
        }
    }

    private void add(Entry entry) {
        while (entries.size() >= capacity) {
            Entry soonest = byExpiry.pollFirst();
            entries.remove(soonest.id);
            evictions++;
        }
        entries.put(entry.id, entry);
        byExpiry.add(entry);
    }

    private void dropExpired() {
        long now = clock.instant().getEpochSecond();
        while (!byExpiry.isEmpty() && byExpiry.first().expiresAt < now) {
            entries.remove(byExpiry.pollFirst().id);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
