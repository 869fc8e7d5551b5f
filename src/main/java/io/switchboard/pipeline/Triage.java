package io.switchboard.pipeline;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stage: who the customer is, how urgent, which queue. Until identity resolution, tagging and routing
 * rules exist, every contact is keyed by the customer id its sender identity implies, gets the
 * default priority with its SLA deadlines, and goes to the default queue, with the reason recorded.
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
                .customer(new ContactRecord.CustomerRef(customerIdOf(customerIdentity(record)), null))
                .priority(DEFAULT_PRIORITY)
                .priorityReasons(List.of("default priority: no rule raised or lowered it"))
                .sla(sla.deadlines(DEFAULT_PRIORITY, record.receivedAt()))
                .queue(record.tags().stream().anyMatch(unroutedTags::contains) ? null : defaultQueue)
                .build();
    }

    /** The customer is whoever the company talked to: the sender of an inbound contact, the recipient of an outbound one. */
    static Identity customerIdentity(ContactRecord record) {
        return ContactRecord.OUTBOUND.equals(record.direction()) && record.to() != null ? record.to() : record.from();
    }

    /** A stable customer key derived from the sender identity, so one sender's contacts stay in order. */
    static String customerIdOf(Identity from) {
        return UUID.nameUUIDFromBytes((from.type() + ":" + from.value()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
