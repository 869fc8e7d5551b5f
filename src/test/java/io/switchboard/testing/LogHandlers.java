package io.switchboard.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Every handler a log context writes through (on the root logger and on every category, inside
 * delayed, async and multi handlers), and whether personal data reaches it: each is handed a record
 * carrying an e-mail address and a phone number, and must see them masked, by its own filter or by a
 * filter of a handler it sits in.
 */
public final class LogHandlers {

    static final String EMAIL = "li.lei@example.com";
    static final String PHONE = "13912345678";

    /** One handler that writes somewhere, where it hangs, and whether it masks. */
    public record Found(String logger, String handler, boolean masks) {}

    private LogHandlers() {}

    public static List<Found> outputs(LogContext context) {
        List<Found> found = new ArrayList<>();
        List<String> names = new ArrayList<>(Collections.list(context.getLoggerNames()));
        names.add("");
        for (String name : names.stream().distinct().sorted().toList()) {
            Logger logger = context.getLoggerIfExists(name);
            if (logger != null) {
                for (Handler handler : logger.getHandlers()) {
                    visit(name.isEmpty() ? "(root)" : name, handler, false, found);
                }
            }
        }
        return found;
    }

    private static void visit(String logger, Handler handler, boolean maskedAbove, List<Found> found) {
        boolean masked = maskedAbove || masks(handler.getFilter());
        Handler[] nested = handler instanceof ExtHandler ext ? ext.getHandlers() : new Handler[0];
        if (nested.length == 0) {
            found.add(new Found(logger, handler.getClass().getName(), masked));
            return;
        }
        for (Handler child : nested) {
            visit(logger, child, masked, found);
        }
    }

    /** A filter masks when a record with personal data comes out of it without that data (or is dropped). */
    static boolean masks(Filter filter) {
        if (filter == null) {
            return false;
        }
        ExtLogRecord probe = new ExtLogRecord(org.jboss.logmanager.Level.INFO, "probe " + EMAIL + " " + PHONE,
                ExtLogRecord.FormatStyle.NO_FORMAT, LogHandlers.class.getName());
        probe.setLoggerName("io.switchboard.masking-probe");
        if (!filter.isLoggable(probe)) {
            return true;
        }
        String out = probe.getFormattedMessage();
        return !out.contains(EMAIL) && !out.contains(PHONE);
    }
}
