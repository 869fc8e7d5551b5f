package io.switchboard.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each request of this run ({@code <runId>-<seq>}) was first seen somewhere (a topic, a stand-in server), on
 * the load client's clock; a second sighting counts as a duplicate, an id of another run as foreign. Thread-safe.
 */
final class Arrivals {

    private final String idPrefix;
    private final AtomicLongArray firstNanos;
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();

    Arrivals(String runId, int capacity) {
        this.idPrefix = runId + "-";
        this.firstNanos = new AtomicLongArray(capacity);
    }

    void note(String id, long nowNanos) {
        if (id == null || !id.startsWith(idPrefix)) {
            foreign.incrementAndGet();
            return;
        }
        int seq;
        try {
            seq = Integer.parseInt(id.substring(idPrefix.length()));
        } catch (NumberFormatException e) {
            foreign.incrementAndGet();
            return;
        }
        if (firstNanos.compareAndSet(seq, 0, nowNanos)) {
            matched.incrementAndGet();
        } else {
            duplicates.incrementAndGet();
        }
    }

    /** 0 when not seen. */
    long at(long seq) {
        return firstNanos.get((int) seq);
    }

    long matched() {
        return matched.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long foreign() {
        return foreign.get();
    }
}
