package io.switchboard.pipeline;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;

/**
 * Stage: how urgent, which queue (the customer was resolved before, by CustomerResolver). Until
 * tagging and routing rules exist, every contact gets the default priority with its SLA deadlines
 * and goes to the default queue, with the reason recorded.
 * Records carrying an unrouted tag (bounces, auto-replies) are kept on {@code contacts} but reach no
 * agent queue: nobody should answer a machine.
 */
@Singleton
@Named("triage")
public class Triage {

    static final Priority DEFAULT_PRIORITY = Priority.MEDIUM;

    private final SlaPolicy sla;
    private final String defaultQueue;
    private final Set<String> unroutedTags;

    @Inject
    public Triage(SlaPolicy sla, SwitchboardConfig config) {
        this(sla, config.routing().defaultQueue(), Set.copyOf(config.routing().unroutedTags()));
    }

    Triage(SlaPolicy sla, String defaultQueue, Set<String> unroutedTags) {
        this.sla = sla;
        this.defaultQueue = defaultQueue;
        this.unroutedTags = unroutedTags;
    }

    public void triage(PipelineBatch batch) {
        batch.eachLive("triage", this::triage);
    }

    ContactRecord triage(ContactRecord record) {
        return record.toBuilder()
                .priority(DEFAULT_PRIORITY)
                .priorityReasons(List.of("default priority: no rule raised or lowered it"))
                .sla(sla.deadlines(DEFAULT_PRIORITY, record.receivedAt()))
                .queue(record.tags().stream().anyMatch(unroutedTags::contains) ? null : defaultQueue)
                .build();
    }
}
