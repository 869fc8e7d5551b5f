package io.switchboard.pipeline;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.ContactRecord.Sla;
import io.switchboard.domain.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Response and resolution deadlines per priority (DESIGN.md's table unless configured otherwise). */
@Singleton
public class SlaPolicy {

    private final Map<Priority, SwitchboardConfig.SlaTarget> targets = new EnumMap<>(Priority.class);

    @Inject
    public SlaPolicy(SwitchboardConfig config) {
        this(config.sla());
    }

    public SlaPolicy(Map<String, SwitchboardConfig.SlaTarget> byName) {
        for (Priority priority : Priority.values()) {
            SwitchboardConfig.SlaTarget target = byName.get(priority.wireName());
            if (target == null) {
                throw new IllegalArgumentException("switchboard.sla." + priority.wireName() + " is not configured");
            }
            targets.put(priority, target);
        }
    }

    public Sla deadlines(Priority priority, Instant receivedAt) {
        SwitchboardConfig.SlaTarget target = targets.get(priority);
        return new Sla(receivedAt.plus(target.respondWithin()), receivedAt.plus(target.resolveWithin()));
    }
}
