package io.switchboard.routing;

import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Priority;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A workflow rule's {@code when}: every listed condition must hold, an absent one always holds. Tags are
 * globs and hold when any tag of the record matches any of them; the time of day is the record's
 * {@code receivedAt} in the window's zone, so a replayed record is routed as it was the first time.
 */
public final class RecordCondition {

    /** The YAML shape. */
    public record When(List<String> channel, List<String> tags, List<String> language, List<String> customerClass,
            List<String> priority, List<String> sentiment, Hours hours) {}

    /** {@code from} inclusive, {@code to} exclusive; a window that ends before it starts spans midnight. */
    public record Hours(String zone, List<DayOfWeek> days, LocalTime from, LocalTime to) {}

    private final Set<String> channel;
    private final List<Pattern> tags;
    private final Set<String> language;
    private final Set<String> customerClass;
    private final Set<String> priority;
    private final Set<String> sentiment;
    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final LocalTime from;
    private final LocalTime to;

    public RecordCondition(When when, String where) {
        if (when == null) {
            throw new IllegalArgumentException(where + " needs a 'when' (use {} to match everything)");
        }
        channel = lower(when.channel());
        tags = globs(when.tags(), where);
        language = lower(when.language());
        customerClass = lower(when.customerClass());
        priority = lower(when.priority());
        for (String p : priority) {
            try {
                Priority.fromWireName(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".priority: '" + p + "' is not high, medium or low", e);
            }
        }
        sentiment = lower(when.sentiment());
        Hours hours = when.hours();
        if (hours == null) {
            zone = null;
            days = EnumSet.allOf(DayOfWeek.class);
            from = null;
            to = null;
        } else {
            if (hours.from() == null || hours.to() == null || hours.zone() == null) {
                throw new IllegalArgumentException(where + ".hours needs zone, from and to");
            }
            try {
                zone = ZoneId.of(hours.zone());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(where + ".hours.zone: " + e.getMessage(), e);
            }
            days = hours.days() == null || hours.days().isEmpty() ? EnumSet.allOf(DayOfWeek.class)
                    : EnumSet.copyOf(hours.days());
            from = hours.from();
            to = hours.to();
        }
    }

    public boolean holds(ContactRecord record) {
        return (channel.isEmpty() || record.channel() != null && channel.contains(record.channel().wireName()))
                && (tags.isEmpty() || record.tags().stream().anyMatch(t -> matchesAny(tags, t)))
                && (language.isEmpty() || record.language() != null
                        && language.contains(record.language().toLowerCase(Locale.ROOT)))
                && (customerClass.isEmpty() || customerClass.contains(customerClassOf(record)))
                && (priority.isEmpty() || record.priority() != null && priority.contains(record.priority().wireName()))
                && (sentiment.isEmpty() || sentiment.contains(sentimentOf(record)))
                && withinHours(record);
    }

    private boolean withinHours(ContactRecord record) {
        if (zone == null) {
            return true;
        }
        ZonedDateTime local = record.receivedAt().atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean inWindow = from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
        return inWindow && days.contains(local.getDayOfWeek());
    }

    public static String sentimentOf(ContactRecord record) {
        return record.sentiment() == null ? "neutral" : record.sentiment().label();
    }

    public static String customerClassOf(ContactRecord record) {
        String c = record.customer() == null ? null : record.customer().customerClass();
        return c == null || c.isBlank() ? "unknown" : c.toLowerCase(Locale.ROOT);
    }

    public static boolean matchesAny(List<Pattern> globs, String value) {
        for (Pattern p : globs) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Tag globs ({@code service.*}) as patterns; an empty pattern is an error naming where it is. */
    public static List<Pattern> globs(List<String> globs, String where) {
        if (globs == null) {
            return List.of();
        }
        return globs.stream().map(glob -> {
            if (glob == null || glob.isBlank()) {
                throw new IllegalArgumentException(where + ": empty tag pattern");
            }
            return Pattern.compile(String.join(".*", Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList()));
        }).toList();
    }

    public static Set<String> lower(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        if (values != null) {
            values.forEach(v -> out.add(v.toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(out);
    }
}
