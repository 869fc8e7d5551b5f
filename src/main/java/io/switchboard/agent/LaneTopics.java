package io.switchboard.agent;

import io.switchboard.domain.Priority;
import io.switchboard.kafka.Topics;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether a queue has its lane topics. An agent tool's transfer to a queue that does not exist could
 * never be published (the broker does not create topics on demand) and would stall its partition;
 * such a transfer is dead-lettered instead. Topic names are re-listed at most every 10 s, on a miss.
 */
public class LaneTopics {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Admin admin;
    private final Topics topics;
    private Set<String> known = Set.of();
    private long listedAt;

    public LaneTopics(Admin admin, Topics topics) {
        this.admin = admin;
        this.topics = topics;
    }

    public boolean exist(String queue) throws InterruptedException, ExecutionException, TimeoutException {
        if (!allLanes(queue) && (listedAt == 0 || System.nanoTime() - listedAt > REFRESH_NANOS)) {
            known = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            listedAt = System.nanoTime();
        }
        return allLanes(queue);
    }

    private boolean allLanes(String queue) {
        for (Priority priority : Priority.values()) {
            if (!known.contains(topics.queue(queue, priority))) {
                return false;
            }
        }
        return true;
    }
}
