package io.switchboard.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory timers of the agent-events partitions this instance owns. Partitions come and go with
 * consumer-group rebalances: an assigned partition is marked to be loaded from PostgreSQL (by the
 * firing thread, so a rebalance never waits on the database), a revoked one loses its timers here and
 * its new owner loads them there. Timers already due when loaded fire at once: late, never lost.
 */
public class TimerSchedule {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<LoopTimer> timers = new TreeSet<>();
    private final Set<Integer> owned = new HashSet<>();
    private final Set<Integer> toLoad = new LinkedHashSet<>();

    public void assigned(Collection<Integer> partitions) {
        lock.lock();
        try {
            owned.addAll(partitions);
            toLoad.addAll(partitions);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void revoked(Collection<Integer> partitions) {
        lock.lock();
        try {
            owned.removeAll(partitions);
            toLoad.removeAll(partitions);
            timers.removeIf(t -> partitions.contains(t.partition()));
        } finally {
            lock.unlock();
        }
    }

    /** Adds timers of owned partitions; a timer of a partition owned elsewhere is that owner's to load. */
    public void addAll(Collection<LoopTimer> added) {
        lock.lock();
        try {
            for (LoopTimer timer : added) {
                if (owned.contains(timer.partition())) {
                    timers.add(timer);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Partitions assigned but not loaded yet. */
    public List<Integer> partitionsToLoad() {
        lock.lock();
        try {
            return new ArrayList<>(toLoad);
        } finally {
            lock.unlock();
        }
    }

    /** The pending timers read for {@code partition}; dropped if it was revoked meanwhile. */
    public void loaded(int partition, Collection<LoopTimer> pending) {
        lock.lock();
        try {
            if (toLoad.remove(partition) && owned.contains(partition)) {
                timers.addAll(pending);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public Set<Integer> ownedPartitions() {
        lock.lock();
        try {
            return Set.copyOf(owned);
        } finally {
            lock.unlock();
        }
    }

    public boolean owns(int partition) {
        lock.lock();
        try {
            return owned.contains(partition);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code maxWait} for timers to come due (or partitions to load), then takes up to
     * {@code max} due timers out of the schedule, earliest first.
     */
    public List<LoopTimer> takeDue(int max, Duration maxWait) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (true) {
                Instant now = Instant.now();
                if (!timers.isEmpty() && !timers.first().dueAt().isAfter(now)) {
                    List<LoopTimer> due = new ArrayList<>();
                    while (due.size() < max && !timers.isEmpty() && !timers.first().dueAt().isAfter(now)) {
                        due.add(timers.pollFirst());
                    }
                    return due;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !toLoad.isEmpty()) {
                    return List.of();
                }
                long untilFirst = timers.isEmpty() ? left
                        : Math.max(1, Duration.between(now, timers.first().dueAt()).toNanos());
                changed.awaitNanos(Math.min(left, untilFirst));
            }
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return timers.size();
        } finally {
            lock.unlock();
        }
    }
}
