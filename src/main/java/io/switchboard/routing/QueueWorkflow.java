package io.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.ContactRecord;
import io.switchboard.tagging.YamlFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code queues:}, {@code workflow:}, {@code default:} and {@code stickiness:} sections of
 * {@code config/routing.yaml}: which agent queues exist, what each is skilled for, and the ordered
 * rules that pick a queue for a record (first match wins). Everything is checked at load, so a typo
 * is refused with the path of the entry instead of silently routing to nowhere.
 */
public final class QueueWorkflow {

    /** Skills a queue offers; an absent skill means "any". {@code vip: true} serves VIP customers only. */
    public record Skills(List<String> languages, List<String> tags, Boolean vip) {}

    /** Too many waiting (or waiting too long) contacts send new ones to {@code to}. */
    public record Overflow(Integer maxWaiting, Duration maxWait, String to) {}

    public record QueueEntry(String name, Skills skills, Overflow overflow) {}

    /** A target of a rule; {@code after}: how long a contact may wait there unclaimed before the next target. */
    public record Target(String queue, Duration after) {}

    public record RuleEntry(String id, RecordCondition.When when, List<Target> targets, String escalateTo) {}

    public record DefaultEntry(String queue, String escalateTo) {}

    /** {@code require-fit}: a sticky conversation leaves its queue when that queue lacks the skills the record needs. */
    public record Stickiness(Boolean enabled, Boolean requireFit) {}

    /** The four sections' shape, read from the routing file's tree. */
    public record Sections(List<QueueEntry> queues, List<RuleEntry> workflow, DefaultEntry defaultTarget,
            Stickiness stickiness) {}

    /** A queue as routing uses it. */
    public record Queue(String name, Set<String> languages, List<Pattern> tags, boolean vipOnly, Overflow overflow) {

        /** Whether this queue has the skills the record needs (language, problem, customer class). */
        public boolean fits(ContactRecord record) {
            return (languages.isEmpty() || record.language() == null
                            || languages.contains(record.language().toLowerCase(Locale.ROOT)))
                    && (tags.isEmpty() || record.tags().isEmpty()
                            || record.tags().stream().anyMatch(t -> RecordCondition.matchesAny(tags, t)))
                    && (!vipOnly || "vip".equals(RecordCondition.customerClassOf(record)));
        }
    }

    /** The remaining target of a rule and the wait after which an unclaimed contact moves there. */
    public record NextTarget(String queue, Duration after) {}

    /** What the workflow decided for one record, before stickiness and overflow. */
    public record Choice(String rule, String queue, List<NextTarget> nextTargets, String escalationQueue) {}

    private record Rule(String id, RecordCondition when, List<Target> targets, String escalateTo) {}

    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private final String defaultQueue;
    private final String defaultEscalation;
    private final boolean sticky;
    private final boolean requireFit;

    /**
     * @param fallbackQueue the queue used when the file declares none ({@code switchboard.routing.default-queue})
     */
    public QueueWorkflow(Sections sections, String fallbackQueue) {
        List<QueueEntry> declared = sections.queues() == null || sections.queues().isEmpty()
                ? List.of(new QueueEntry(fallbackQueue, null, null)) : sections.queues();
        for (int i = 0; i < declared.size(); i++) {
            QueueEntry q = declared.get(i);
            String where = "queues[" + i + "]";
            if (q.name() == null || !q.name().matches("[a-z0-9][a-z0-9_-]*")) {
                throw new IllegalArgumentException(where + ".name: '" + q.name()
                        + "' must be lower-case letters, digits, '-' or '_' (it becomes a topic name)");
            }
            Skills skills = q.skills() == null ? new Skills(null, null, null) : q.skills();
            Queue queue = new Queue(q.name(), RecordCondition.lower(skills.languages()),
                    RecordCondition.globs(skills.tags(), where + ".skills.tags"), Boolean.TRUE.equals(skills.vip()),
                    q.overflow());
            if (queues.put(q.name(), queue) != null) {
                throw new IllegalArgumentException(where + ": queue '" + q.name() + "' is declared twice");
            }
        }
        for (Queue q : queues.values()) {
            checkOverflow(q);
        }
        DefaultEntry d = sections.defaultTarget();
        defaultQueue = known(d == null || d.queue() == null ? declared.get(0).name() : d.queue(), "default.queue");
        defaultEscalation = d == null || d.escalateTo() == null ? null : known(d.escalateTo(), "default.escalate-to");
        Set<String> ids = new HashSet<>();
        List<RuleEntry> workflow = sections.workflow() == null ? List.of() : sections.workflow();
        for (int i = 0; i < workflow.size(); i++) {
            RuleEntry r = workflow.get(i);
            String where = "workflow[" + i + "]" + (r.id() == null ? "" : " (" + r.id() + ")");
            if (r.id() == null || r.id().isBlank() || !ids.add(r.id())) {
                throw new IllegalArgumentException(where + ": every rule needs a unique id");
            }
            if (r.targets() == null || r.targets().isEmpty()) {
                throw new IllegalArgumentException(where + ": needs at least one target");
            }
            for (int t = 0; t < r.targets().size(); t++) {
                Target target = r.targets().get(t);
                known(target.queue(), where + ".targets[" + t + "].queue");
                boolean followed = t < r.targets().size() - 1;
                if (followed && (target.after() == null || target.after().isNegative() || target.after().isZero())) {
                    throw new IllegalArgumentException(where + ".targets[" + t
                            + "]: needs a positive 'after' because another target follows it");
                }
                if (!followed && target.after() != null) {
                    throw new IllegalArgumentException(where + ".targets[" + t
                            + "]: 'after' on the last target has nowhere to go");
                }
            }
            rules.add(new Rule(r.id(), new RecordCondition(r.when(), where + ".when"), List.copyOf(r.targets()),
                    r.escalateTo() == null ? null : known(r.escalateTo(), where + ".escalate-to")));
        }
        Stickiness s = sections.stickiness();
        sticky = s == null || s.enabled() == null || s.enabled();
        requireFit = s == null || s.requireFit() == null || s.requireFit();
    }

    public static QueueWorkflow parse(JsonNode root, String fallbackQueue) {
        ObjectNode parts = JsonNodeFactory.instance.objectNode();
        for (String name : List.of("queues", "workflow", "default", "stickiness")) {
            JsonNode node = root.path(name);
            if (!node.isMissingNode() && !node.isNull()) {
                // "default" is a Java keyword, so the section is a record component named defaultTarget
                parts.set(name.equals("default") ? "default-target" : name, node);
            }
        }
        Sections sections = YamlFiles.convert(parts, Sections.class, "routing");
        return new QueueWorkflow(sections, fallbackQueue);
    }

    public Choice choose(ContactRecord record) {
        for (Rule rule : rules) {
            if (rule.when().holds(record)) {
                List<NextTarget> next = new ArrayList<>();
                for (int i = 1; i < rule.targets().size(); i++) {
                    next.add(new NextTarget(rule.targets().get(i).queue(), rule.targets().get(i - 1).after()));
                }
                return new Choice(rule.id(), rule.targets().get(0).queue(), List.copyOf(next),
                        rule.escalateTo() != null ? rule.escalateTo() : defaultEscalation);
            }
        }
        return new Choice("default", defaultQueue, List.of(), defaultEscalation);
    }

    public Queue queue(String name) {
        return queues.get(name);
    }

    public Set<String> queueNames() {
        return queues.keySet();
    }

    public boolean sticky() {
        return sticky;
    }

    public boolean requireFit() {
        return requireFit;
    }

    private void checkOverflow(Queue q) {
        if (q.overflow() == null) {
            return;
        }
        String where = "queues." + q.name() + ".overflow";
        Overflow o = q.overflow();
        if (o.to() == null || (o.maxWaiting() == null && o.maxWait() == null)) {
            throw new IllegalArgumentException(where + " needs 'to' and max-waiting and/or max-wait");
        }
        if (o.maxWaiting() != null && o.maxWaiting() < 0 || o.maxWait() != null && o.maxWait().isNegative()) {
            throw new IllegalArgumentException(where + ": limits must not be negative");
        }
        Set<String> seen = new LinkedHashSet<>(List.of(q.name()));
        for (Queue at = q; at.overflow() != null; ) {
            String next = known(at.overflow().to(), "queues." + at.name() + ".overflow.to");
            if (!seen.add(next)) {
                throw new IllegalArgumentException(where + ": overflow goes round in a circle: "
                        + String.join(" → ", seen) + " → " + next);
            }
            at = queues.get(next);
        }
    }

    private String known(String queue, String where) {
        if (queue == null || !queues.containsKey(queue)) {
            throw new IllegalArgumentException(where + ": unknown queue '" + queue + "' (declared: "
                    + String.join(", ", queues.keySet()) + ")");
        }
        return queue;
    }
}
