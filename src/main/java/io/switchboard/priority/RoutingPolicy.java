package io.switchboard.priority;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.Priority;
import io.switchboard.routing.QueueWorkflow;
import io.switchboard.tagging.YamlFiles;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code config/routing.yaml}: the {@code priority:} and {@code sla:} sections, and the queues and
 * workflow ({@link QueueWorkflow}). SLA targets: the contract properties
 * {@code switchboard.sla.<priority>.respond-within} / {@code .resolve-within} override the file,
 * which overrides the defaults of docs/contract.md.
 */
public record RoutingPolicy(PriorityPolicy priority, SlaTable sla, QueueWorkflow workflow) {

    private static final Set<String> SECTIONS =
            Set.of("priority", "sla", "queues", "workflow", "default", "stickiness", "escalation");

    /** The {@code sla:} section's shape. */
    public record SlaSection(TargetEntry high, TargetEntry medium, TargetEntry low, BusinessHours businessHours) {}

    public record TargetEntry(Duration respondWithin, Duration resolveWithin) {}

    /** @param priorities the priorities whose clock stops outside business hours (default: all) */
    public record BusinessHours(Boolean enabled, String zone, List<DayOfWeek> days, LocalTime open, LocalTime close,
            List<LocalDate> holidays, List<LocalDate> extraWorkingDays, List<String> priorities) {}

    /** A property override: either duration may be absent. */
    public record Override(Optional<Duration> respondWithin, Optional<Duration> resolveWithin) {}

    /** @param fallbackQueue the only queue when the file declares none ({@code switchboard.routing.default-queue}) */
    public static RoutingPolicy parse(String yaml, Map<Priority, Override> overrides, String fallbackQueue) {
        JsonNode root = YamlFiles.tree(yaml);
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown section '" + name + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(SECTIONS)) + ")");
            }
        });
        JsonNode prioritySection = root.path("priority");
        if (prioritySection.isMissingNode() || !prioritySection.isObject()) {
            throw new IllegalArgumentException("routing file has no 'priority:' section");
        }
        PriorityPolicy priority = new PriorityPolicy(
                YamlFiles.convert(prioritySection, PriorityPolicy.Section.class, "priority"));
        JsonNode slaNode = root.path("sla");
        SlaSection sla = slaNode.isMissingNode() || slaNode.isNull()
                ? new SlaSection(null, null, null, null)
                : YamlFiles.convert(slaNode, SlaSection.class, "sla");
        return new RoutingPolicy(priority, slaTable(sla, overrides), QueueWorkflow.parse(root, fallbackQueue));
    }

    static SlaTable slaTable(SlaSection section, Map<Priority, Override> overrides) {
        Map<Priority, SlaTable.Target> targets = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            SlaTable.Target base = SlaTable.CONTRACT_DEFAULTS.get(p);
            TargetEntry fromFile = switch (p) {
                case HIGH -> section.high();
                case MEDIUM -> section.medium();
                case LOW -> section.low();
            };
            Duration respond = fromFile != null && fromFile.respondWithin() != null ? fromFile.respondWithin()
                    : base.respondWithin();
            Duration resolve = fromFile != null && fromFile.resolveWithin() != null ? fromFile.resolveWithin()
                    : base.resolveWithin();
            Override o = overrides.get(p);
            if (o != null) {
                respond = o.respondWithin().orElse(respond);
                resolve = o.resolveWithin().orElse(resolve);
            }
            try {
                targets.put(p, new SlaTable.Target(respond, resolve));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sla." + p.wireName() + ": " + e.getMessage(), e);
            }
        }
        BusinessHours bh = section.businessHours();
        if (bh == null || !Boolean.TRUE.equals(bh.enabled())) {
            return new SlaTable(targets, null, Set.of());
        }
        Set<Priority> on = EnumSet.noneOf(Priority.class);
        if (bh.priorities() == null || bh.priorities().isEmpty()) {
            on.addAll(EnumSet.allOf(Priority.class));
        } else {
            for (String name : bh.priorities()) {
                try {
                    on.add(Priority.fromWireName(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sla.business-hours.priorities: '" + name
                            + "' is not high, medium or low", e);
                }
            }
        }
        if (bh.open() == null || bh.close() == null || bh.zone() == null) {
            throw new IllegalArgumentException("sla.business-hours needs zone, open and close");
        }
        BusinessCalendar calendar;
        try {
            calendar = new BusinessCalendar(ZoneId.of(bh.zone()),
                    bh.days() == null ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY) : new HashSet<>(bh.days()),
                    bh.open(), bh.close(),
                    bh.holidays() == null ? Set.of() : new HashSet<>(bh.holidays()),
                    bh.extraWorkingDays() == null ? Set.of() : new HashSet<>(bh.extraWorkingDays()));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("sla.business-hours.zone: " + e.getMessage(), e);
        }
        return new SlaTable(targets, calendar, on);
    }
}
