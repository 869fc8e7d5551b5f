package io.switchboard.priority;

import io.switchboard.domain.ContactRecord.Sla;
import io.switchboard.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Response and resolution targets per priority; where a business-hours calendar applies to a
 * priority, its clock runs only while the desk is open.
 */
public final class SlaTable {

    /** One priority's targets. */
    public record Target(Duration respondWithin, Duration resolveWithin) {
        public Target {
            if (respondWithin == null || resolveWithin == null || respondWithin.isNegative()
                    || resolveWithin.isNegative()) {
                throw new IllegalArgumentException("SLA targets must be non-negative durations");
            }
        }
    }

    /** The SLA table of docs/contract.md ("Business rules"): high 1 h / 24 h, medium 2 h / 48 h, low 4 h / 72 h. */
    public static final Map<Priority, Target> CONTRACT_DEFAULTS = Map.of(
            Priority.HIGH, new Target(Duration.ofHours(1), Duration.ofHours(24)),
            Priority.MEDIUM, new Target(Duration.ofHours(2), Duration.ofHours(48)),
            Priority.LOW, new Target(Duration.ofHours(4), Duration.ofHours(72)));

    private final Map<Priority, Target> targets;
    private final BusinessCalendar calendar;
    private final Set<Priority> onCalendar;

    /** @param calendar null when the clock runs around the clock for every priority */
    public SlaTable(Map<Priority, Target> targets, BusinessCalendar calendar, Set<Priority> onCalendar) {
        this.targets = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            Target t = targets.get(p);
            if (t == null) {
                throw new IllegalArgumentException("no SLA target for priority " + p.wireName());
            }
            this.targets.put(p, t);
        }
        this.calendar = calendar;
        this.onCalendar = calendar == null ? Set.of() : Set.copyOf(onCalendar);
    }

    public Target target(Priority priority) {
        return targets.get(priority);
    }

    public boolean onBusinessHours(Priority priority) {
        return onCalendar.contains(priority);
    }

    public Sla deadlines(Priority priority, Instant receivedAt) {
        Target t = targets.get(priority);
        if (onCalendar.contains(priority)) {
            return new Sla(calendar.plusWorkingTime(receivedAt, t.respondWithin()),
                    calendar.plusWorkingTime(receivedAt, t.resolveWithin()));
        }
        return new Sla(receivedAt.plus(t.respondWithin()), receivedAt.plus(t.resolveWithin()));
    }
}
