package io.switchboard.channel.phone;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@link CallRecord}s as CSV (header row, RFC 4180 quoting) (the caller's {@code out} is flushed, not closed) with every text cell passed
 * through {@link FormulaGuard#neutralizeForCsvExport(String)}.
 */
public final class CallRecordCsvExport {

    public static final List<String> HEADER = List.of(
            "callId", "direction", "status", "from", "fromType", "to", "toType", "callerName",
            "startedAt", "answeredAt", "endedAt", "durationSeconds", "billSeconds", "agentExtension",
            "callbackNeeded", "context", "legCount");

    private CallRecordCsvExport() {
    }

    public static void write(Iterable<CallRecord> calls, Appendable out) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get();
        // not closed on purpose: the caller owns 'out'
        CSVPrinter p = new CSVPrinter(out, format);
        {
            for (CallRecord c : calls) {
                List<String> cells = new ArrayList<>(HEADER.size());
                cells.add(c.callId());
                cells.add(c.direction().name());
                cells.add(c.status().name());
                cells.add(numberText(c.from()));
                cells.add(c.from().type().name());
                cells.add(numberText(c.to()));
                cells.add(c.to().type().name());
                cells.add(c.callerName());
                cells.add(time(c.startedAt()));
                cells.add(time(c.answeredAt()));
                cells.add(time(c.endedAt()));
                cells.add(Long.toString(c.durationSeconds()));
                cells.add(Long.toString(c.billSeconds()));
                cells.add(c.agentExtension());
                cells.add(Boolean.toString(c.callbackNeeded()));
                cells.add(c.context());
                cells.add(Integer.toString(c.legCount()));
                List<String> safe = new ArrayList<>(cells.size());
                for (String s : cells) {
                    safe.add(s == null ? "" : FormulaGuard.neutralizeForCsvExport(s));
                }
                p.printRecord(safe);
            }
            p.flush();
        }
    }

    private static String numberText(NormalizedNumber n) {
        return n.value() != null ? n.value() : n.raw();
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }
}
