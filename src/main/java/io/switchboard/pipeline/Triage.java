package io.switchboard.pipeline;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * Stage: who the customer is and which queue. Until identity resolution and routing rules exist, every
 * contact is keyed by the customer id its sender identity implies (keeping a class an earlier stage
 * knew) and goes to the default queue; priority and SLA are the tagger's and prioritizer's. Records
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
        String customerClass = record.customer() == null ? null : record.customer().customerClass();
        return record.toBuilder()
                .customer(new ContactRecord.CustomerRef(customerIdOf(customerIdentity(record)), customerClass))
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
