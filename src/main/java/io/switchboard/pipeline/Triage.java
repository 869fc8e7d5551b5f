package io.switchboard.pipeline;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.ContactRecord;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Stage: which queue. The customer was resolved before (CustomerResolver), priority and SLA come after
 * (tagger, prioritizer). Until routing rules exist every contact goes to the default queue; records
 * carrying an unrouted tag (bounces, auto-replies) are kept on {@code contacts} but reach no agent
 * queue: nobody should answer a machine.
 */
@Singleton
@Named("triage")
public class Triage {

    private final String defaultQueue;
    private final Set<String> unroutedTags;

    @Inject
    public Triage(SwitchboardConfig config) {
        this(config.routing().defaultQueue(), Set.copyOf(config.routing().unroutedTags()));
    }

    Triage(String defaultQueue, Set<String> unroutedTags) {
        this.defaultQueue = defaultQueue;
        this.unroutedTags = unroutedTags;
    }

    public void triage(PipelineBatch batch) {
        batch.eachLive("triage", this::triage);
    }

    ContactRecord triage(ContactRecord record) {
        return record.toBuilder()
                .queue(record.tags().stream().anyMatch(unroutedTags::contains) ? null : defaultQueue)
                .build();
    }
}
