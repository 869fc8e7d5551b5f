package io.switchboard.priority;

import io.switchboard.domain.ContactRecord;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.tagging.TaggingFiles;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stage: priority and SLA deadlines from tags, sentiment and customer class, by the policy of
 * {@code config/routing.yaml}; the rules that decided are appended to {@code priorityReasons}.
 */
@Singleton
@Named("prioritizer")
public class Prioritizer {

    private final Supplier<RoutingPolicy> policy;

    @Inject
    public Prioritizer(TaggingFiles files) {
        this(files::routing);
    }

    public Prioritizer(Supplier<RoutingPolicy> policy) {
        this.policy = policy;
    }

    public void prioritize(PipelineBatch batch) {
        RoutingPolicy current = policy.get();
        batch.eachLive("prioritize", r -> prioritize(r, current));
    }

    static ContactRecord prioritize(ContactRecord record, RoutingPolicy policy) {
        PriorityPolicy.Decision decision = policy.priority().decide(record);
        SlaTable sla = policy.sla();
        SlaTable.Target target = sla.target(decision.priority());
        List<String> reasons = new ArrayList<>(record.priorityReasons());
        reasons.addAll(decision.reasons());
        reasons.add("sla " + decision.priority().wireName() + ": respond within " + target.respondWithin()
                + ", resolve within " + target.resolveWithin()
                + (sla.onBusinessHours(decision.priority()) ? " of business hours" : ""));
        return record.toBuilder()
                .priority(decision.priority())
                .sla(sla.deadlines(decision.priority(), record.receivedAt()))
                .priorityReasons(reasons)
                .build();
    }
}
