package io.switchboard.priority;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working hours of the service desk: SLA clocks run only while it is open. Days are the usual working
 * weekdays, minus holidays, plus extra working days (China moves weekend days around public holidays).
 */
public record BusinessCalendar(ZoneId zone, Set<DayOfWeek> days, LocalTime open, LocalTime close,
        Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays) {

    /** No deadline is further than this many calendar days away; guards against a calendar with no open day. */
    private static final int MAX_DAYS = 3660;

    public BusinessCalendar {
        if (!open.isBefore(close)) {
            throw new IllegalArgumentException("business hours: open " + open + " must be before close " + close);
        }
        if (days.isEmpty() && extraWorkingDays.isEmpty()) {
            throw new IllegalArgumentException("business hours: no working day");
        }
        days = Set.copyOf(days);
        holidays = Set.copyOf(holidays);
        extraWorkingDays = Set.copyOf(extraWorkingDays);
    }

    public boolean isWorkingDay(LocalDate date) {
        return extraWorkingDays.contains(date) || (days.contains(date.getDayOfWeek()) && !holidays.contains(date));
    }

    /** The instant at which {@code working} time of open hours has passed since {@code from}. */
    public Instant plusWorkingTime(Instant from, Duration working) {
        ZonedDateTime t = from.atZone(zone);
        Duration remaining = working;
        for (int i = 0; i < MAX_DAYS; i++) {
            LocalDate day = t.toLocalDate();
            if (isWorkingDay(day)) {
                ZonedDateTime opens = day.atTime(open).atZone(zone);
                ZonedDateTime closes = day.atTime(close).atZone(zone);
                if (t.isBefore(opens)) {
                    t = opens;
                }
                if (t.isBefore(closes)) {
                    Duration available = Duration.between(t, closes);
                    if (remaining.compareTo(available) <= 0) {
                        return t.plus(remaining).toInstant();
                    }
                    remaining = remaining.minus(available);
                }
            }
            t = day.plusDays(1).atStartOfDay(zone);
        }
        throw new IllegalStateException("business hours: no deadline within " + MAX_DAYS + " days");
    }
}
