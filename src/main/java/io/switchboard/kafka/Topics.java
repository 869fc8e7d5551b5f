package io.switchboard.kafka;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Names of the contract topics (docs/contract.md, "Kafka topics") under the configured prefix. */
@Singleton
@Named("topics")
public class Topics {

    private static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final String prefix;
    private final Duration retention;

    @Inject
    public Topics(SwitchboardConfig config) {
        this(config.kafka().topicPrefix(), config.kafka().retention());
    }

    public Topics(String prefix) {
        this(prefix, DEFAULT_RETENTION);
    }

    public Topics(String prefix, Duration retention) {
        this.prefix = prefix;
        this.retention = retention;
    }

    public String inboundRaw() {
        return prefix + "inbound.raw";
    }

    public String contacts() {
        return prefix + "contacts";
    }

    public String queue(String queue, Priority priority) {
        return prefix + "queue." + queue + "." + priority.wireName();
    }

    public String customerContext() {
        return prefix + "customer-context";
    }

    public String agentEvents() {
        return prefix + "agent-events";
    }

    public String escalations() {
        return prefix + "escalations";
    }

    public String surveys() {
        return prefix + "surveys";
    }

    public String deadLetter() {
        return prefix + "dead-letter";
    }

    /** Reply commands, keyed by conversation id: from agent tools and from {@code POST /conversations/{id}/replies}. */
    public String outbound() {
        return prefix + "outbound";
    }

    /** Each reply's status changes, keyed by reply id. */
    public String outboundStatus() {
        return prefix + "outbound.status";
    }

    /**
     * Internal: the agent loop's outbox relay records here, in each of its Kafka transactions, which
     * outbox rows that transaction published. Compacted, one partition; the name is also the relay's
     * transactional id, so there is one relay per deployment (topic prefix).
     */
    public String agentLoopRelayProgress() {
        return prefix + "agent-loop.relay-progress";
    }

    /** Every contract topic for the given queues, as the gateway creates them when they are missing. */
    public List<NewTopic> contractTopics(Collection<String> queues, int partitions, short replication) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(inboundRaw(), contacts(), agentEvents(), escalations(), surveys(), deadLetter(),
                outbound(), outboundStatus())) {
            topics.add(expiring(new NewTopic(name, partitions, replication)));
        }
        // compacted, yet the summaries in an erased customer's older contexts must not outlive the other copies:
        // their segments are compacted (behind the erasure's tombstone) within the retention at the latest
        topics.add(new NewTopic(customerContext(), partitions, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(retention.toMillis()))));
        // small segments: the cleaner only compacts closed ones, and a relay reads the topic from its start
        topics.add(new NewTopic(agentLoopRelayProgress(), 1, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(1024 * 1024),
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(retention.toMillis()))));
        for (String queue : queues) {
            topics.addAll(queueLanes(queue, partitions, replication));
        }
        return topics;
    }

    private NewTopic expiring(NewTopic topic) {
        return topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
    }

    /** The three priority lanes of one agent queue. */
    public List<NewTopic> queueLanes(String queue, int partitions, short replication) {
        List<NewTopic> lanes = new ArrayList<>();
        for (Priority priority : Priority.values()) {
            lanes.add(expiring(new NewTopic(queue(queue, priority), partitions, replication)));
        }
        return lanes;
    }
}
