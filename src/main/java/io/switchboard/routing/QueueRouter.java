package io.switchboard.routing;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.ContactRecord;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.priority.RoutingPolicy;
import io.switchboard.tagging.TaggingFiles;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Stage: which agent queue, after priority and SLA are known. Records carrying an unrouted tag
 * (bounces, auto-replies) stay on {@code contacts} but reach no agent queue: nobody should answer a
 * machine. Otherwise the workflow of {@code config/routing.yaml} picks the queue; an open conversation
 * keeps its queue and agent (sticky) unless the agent went offline or the queue no longer fits; a
 * queue over its limits passes new contacts to its overflow target.
 */
@Singleton
@Named("router")
public class QueueRouter {

    private static final Duration BACKLOG_READ_INTERVAL = Duration.ofSeconds(1);

    private final Supplier<RoutingPolicy> policy;
    private final FloorReader floor;
    private final KafkaConnection kafka;
    private final Set<String> unroutedTags;
    private QueueBacklogs backlogs;
    private Instant backlogsReadAt = Instant.EPOCH;

    @Inject
    public QueueRouter(TaggingFiles files, FloorReader floor, KafkaConnection kafka, SwitchboardConfig config) {
        this.policy = files::routing;
        this.floor = floor;
        this.kafka = kafka;
        this.unroutedTags = Set.copyOf(config.routing().unroutedTags());
    }

    void createLanes(@Observes StartupEvent started) {
        kafka.ensureQueueLanes(policy.get().workflow().queueNames());
    }

    public void route(PipelineBatch batch) throws SQLException {
        QueueWorkflow workflow = policy.get().workflow();
        kafka.ensureQueueLanes(workflow.queueNames());
        Set<String> conversations = new LinkedHashSet<>();
        for (PipelineBatch.Item item : batch.live()) {
            if (item.record().conversationId() != null) {
                conversations.add(item.record().conversationId());
            }
        }
        Map<String, FloorReader.Assignment> assignments = workflow.sticky() ? floor.assignments(conversations) : Map.of();
        QueueBacklogs current = backlogs();
        batch.eachLive("route", r -> route(r, workflow, assignments, current, unroutedTags));
    }

    private synchronized QueueBacklogs backlogs() throws SQLException {
        Instant now = Instant.now();
        if (backlogs == null || backlogsReadAt.plus(BACKLOG_READ_INTERVAL).isBefore(now)) {
            backlogs = new QueueBacklogs(floor.backlogs(now));
            backlogsReadAt = now;
        }
        return backlogs;
    }

    static ContactRecord route(ContactRecord record, QueueWorkflow workflow,
            Map<String, FloorReader.Assignment> assignments, QueueBacklogs backlogs, Set<String> unroutedTags) {
        if (record.tags().stream().anyMatch(unroutedTags::contains)) {
            return record.toBuilder().queue(null).routing(null).build();
        }
        QueueWorkflow.Choice choice = workflow.choose(record);
        String queue = choice.queue();
        String reason = "default".equals(choice.rule()) ? "default" : "rule";
        String agent = record.preferredAgent(); // the channel's own, e.g. the extension that answered a call
        FloorReader.Assignment open = record.conversationId() == null ? null : assignments.get(record.conversationId());
        QueueWorkflow.Queue openQueue = open == null ? null : workflow.queue(open.queue());
        if (workflow.sticky() && openQueue != null && !open.agentOffline()
                && (!workflow.requireFit() || openQueue.fits(record))) {
            queue = openQueue.name();
            if (open.agentId() != null) {
                agent = open.agentId();
            }
            reason = "sticky";
        } else {
            while (backlogs.overflowing(workflow.queue(queue))) {
                queue = workflow.queue(queue).overflow().to(); // chains end: cycles are refused at load
                reason = "overflow";
            }
        }
        backlogs.routed(queue);
        List<ContactRecord.NextTarget> next = choice.nextTargets().stream()
                .map(t -> new ContactRecord.NextTarget(t.queue(), t.after().toString())).toList();
        return record.toBuilder().queue(queue).preferredAgent(agent)
                .routing(new ContactRecord.Routing(choice.rule(), reason, choice.escalationQueue(), next))
                .build();
    }
}
