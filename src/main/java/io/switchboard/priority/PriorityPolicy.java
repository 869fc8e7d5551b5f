package io.switchboard.priority;

import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Priority;
import io.switchboard.routing.RecordCondition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code priority:} section of {@code config/routing.yaml}. Each tag takes its priority from the
 * first rule that matches it and the record starts at the most urgent of them (a record with no
 * matching rule starts at the default); then every matching raise lifts it, never above high.
 * Every step is written down as a reason.
 */
public final class PriorityPolicy {

    /**
     * What a rule looks at; every listed condition must hold, an absent one always holds. Tags are
     * globs ({@code service.*}); customer class {@code unknown} matches a record without one.
     */
    public record When(List<String> tags, List<String> sentiment, List<String> customerClass, List<String> channel) {}

    public record Rule(String id, When when, String set) {}

    public record Raise(String id, When when, Integer levels) {}

    /** The section's shape. */
    public record Section(String defaultPriority, List<Rule> rules, List<Raise> raise) {}

    /** The outcome, with one reason per step that decided it. */
    public record Decision(Priority priority, List<String> reasons) {}

    private record CompiledWhen(List<Pattern> tags, Set<String> sentiment, Set<String> customerClass,
            Set<String> channel) {}

    private record CompiledRule(String id, CompiledWhen when, Priority set) {}

    private record CompiledRaise(String id, CompiledWhen when, int levels) {}

    private final Priority defaultPriority;
    private final List<CompiledRule> rules = new ArrayList<>();
    private final List<CompiledRaise> raises = new ArrayList<>();

    public PriorityPolicy(Section section) {
        defaultPriority = priority(section.defaultPriority() == null ? "medium" : section.defaultPriority(),
                "priority.default-priority");
        Set<String> ids = new LinkedHashSet<>();
        for (Rule r : section.rules() == null ? List.<Rule>of() : section.rules()) {
            requireId(r.id(), ids, "priority.rules");
            if (r.set() == null) {
                throw new IllegalArgumentException("priority rule " + r.id() + " needs 'set: high|medium|low'");
            }
            rules.add(new CompiledRule(r.id(), compile(r.when(), "priority rule " + r.id()),
                    priority(r.set(), "priority rule " + r.id())));
        }
        for (Raise r : section.raise() == null ? List.<Raise>of() : section.raise()) {
            requireId(r.id(), ids, "priority.raise");
            int levels = r.levels() == null ? 1 : r.levels();
            if (levels < 1 || levels > 2) {
                throw new IllegalArgumentException("priority raise " + r.id() + ": levels must be 1 or 2");
            }
            raises.add(new CompiledRaise(r.id(), compile(r.when(), "priority raise " + r.id()), levels));
        }
    }

    public Decision decide(ContactRecord record) {
        List<String> reasons = new ArrayList<>();
        Set<String> claimed = new LinkedHashSet<>();
        Priority base = null;
        for (CompiledRule rule : rules) {
            if (!holdsExceptTags(rule.when(), record)) {
                continue;
            }
            List<String> matched = new ArrayList<>();
            if (!rule.when().tags().isEmpty()) {
                for (String tag : record.tags()) {
                    if (!claimed.contains(tag) && RecordCondition.matchesAny(rule.when().tags(), tag)) {
                        matched.add(tag);
                    }
                }
                if (matched.isEmpty()) {
                    continue;
                }
                claimed.addAll(matched);
            }
            reasons.add("rule " + rule.id() + " → " + rule.set().wireName()
                    + (matched.isEmpty() ? "" : " (tags " + String.join(", ", matched) + ")"));
            if (base == null || rule.set().ordinal() < base.ordinal()) {
                base = rule.set();
            }
        }
        Priority priority = base;
        if (priority == null) {
            priority = defaultPriority;
            reasons.add("default " + defaultPriority.wireName() + ": no priority rule matched");
        }
        for (CompiledRaise raise : raises) {
            if (holdsExceptTags(raise.when(), record) && (raise.when().tags().isEmpty()
                    || record.tags().stream().anyMatch(t -> RecordCondition.matchesAny(raise.when().tags(), t)))) {
                Priority raised = Priority.values()[Math.max(0, priority.ordinal() - raise.levels())];
                reasons.add("raise " + raise.id() + ": " + priority.wireName() + " → " + raised.wireName()
                        + describe(raise.when(), record));
                priority = raised;
            }
        }
        return new Decision(priority, reasons);
    }

    private static String describe(CompiledWhen when, ContactRecord record) {
        List<String> parts = new ArrayList<>();
        if (!when.sentiment().isEmpty()) {
            parts.add("sentiment " + RecordCondition.sentimentOf(record));
        }
        if (!when.customerClass().isEmpty()) {
            parts.add("customer class " + RecordCondition.customerClassOf(record));
        }
        if (!when.tags().isEmpty()) {
            parts.add("tags " + String.join(", ", record.tags().stream()
                    .filter(t -> RecordCondition.matchesAny(when.tags(), t)).toList()));
        }
        if (!when.channel().isEmpty()) {
            parts.add("channel " + record.channel().wireName());
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    private static boolean holdsExceptTags(CompiledWhen when, ContactRecord record) {
        return (when.sentiment().isEmpty() || when.sentiment().contains(RecordCondition.sentimentOf(record)))
                && (when.customerClass().isEmpty() || when.customerClass().contains(RecordCondition.customerClassOf(record)))
                && (when.channel().isEmpty() || (record.channel() != null
                        && when.channel().contains(record.channel().wireName())));
    }

    private static CompiledWhen compile(When when, String where) {
        if (when == null) {
            throw new IllegalArgumentException(where + " needs a 'when'");
        }
        return new CompiledWhen(RecordCondition.globs(when.tags(), where), RecordCondition.lower(when.sentiment()),
                RecordCondition.lower(when.customerClass()), RecordCondition.lower(when.channel()));
    }

    private static void requireId(String id, Set<String> ids, String where) {
        if (id == null || id.isBlank() || !ids.add(id)) {
            throw new IllegalArgumentException(where + ": every entry needs a unique id (" + id + ")");
        }
    }

    private static Priority priority(String name, String where) {
        try {
            return Priority.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + name + "' is not high, medium or low", e);
        }
    }
}
