package io.switchboard.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Each queue's backlog as last read from the agent floor, plus what this instance routed there since:
 * between two reads the count would otherwise lag behind a burst and overflow would kick in late.
 */
public final class QueueBacklogs {

    private final Map<String, FloorReader.Backlog> read;
    private final Map<String, Long> routedSince = new HashMap<>();

    public QueueBacklogs(Map<String, FloorReader.Backlog> read) {
        this.read = Map.copyOf(read);
    }

    /** Whether a new contact should not join this queue: too many waiting, or the oldest waited too long. */
    public boolean overflowing(QueueWorkflow.Queue queue) {
        QueueWorkflow.Overflow limits = queue.overflow();
        if (limits == null) {
            return false;
        }
        FloorReader.Backlog backlog = read.getOrDefault(queue.name(), FloorReader.Backlog.EMPTY);
        long waiting = backlog.waiting() + routedSince.getOrDefault(queue.name(), 0L);
        Duration oldest = backlog.oldestWait();
        return limits.maxWaiting() != null && waiting >= limits.maxWaiting()
                || limits.maxWait() != null && backlog.waiting() > 0 && oldest.compareTo(limits.maxWait()) > 0;
    }

    public void routed(String queue) {
        routedSince.merge(queue, 1L, Long::sum);
    }
}
