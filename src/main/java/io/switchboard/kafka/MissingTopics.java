package io.switchboard.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a cluster lacks. A topic that turns out to exist already counts as present:
 * another instance may have created it first, and a broker's topic listing can lag a creation that the
 * controller already committed, so "listed as missing" does not mean "still missing".
 */
public final class MissingTopics {

    private MissingTopics() {}

    /** The names of the topics this call created. */
    public static List<String> create(Admin admin, List<NewTopic> wanted, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> topic : admin.createTopics(missing).values().entrySet()) {
            try {
                topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }
}
