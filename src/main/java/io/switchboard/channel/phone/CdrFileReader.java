package io.switchboard.channel.phone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CDR CSV files into {@link CdrRow}s, reporting unusable rows as {@link RowError}s while
 * the remaining rows keep flowing.
 *
 * <p>Physical lines are grouped into logical records first (a record continues onto the next
 * line while a quoted field is open), then each record is parsed with commons-csv. This keeps
 * 1-based physical line numbers exact even with embedded newlines, and lets the reader recover
 * from an unclosed quote: when a record spanning several lines reaches end of input, exceeds
 * the line cap, or cannot be parsed / has the wrong column count, its first line is reported and
 * reading resumes on the next physical line, instead of the quote swallowing the rest of the file.
 *
 * <p>Blank lines are skipped. A UTF-8 BOM on the first line is removed. Quoted values are stored
 * verbatim (no trimming, no formula neutralisation); blanks around fields outside quotes are
 * ignored, which also copes with FreeSWITCH's compiled-in template ({@code , "${accountcode}"}).
 */
public final class CdrFileReader {

    /** Default cap on physical lines one quoted record may span before it is treated as unclosed. */
    public static final int DEFAULT_MAX_LINES_PER_RECORD = 50;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(false)
            .get();

    private final CdrLayout layout;
    private final int maxLinesPerRecord;

    public CdrFileReader(CdrLayout layout) {
        this(layout, DEFAULT_MAX_LINES_PER_RECORD);
    }

    public CdrFileReader(CdrLayout layout, int maxLinesPerRecord) {
        this.layout = Objects.requireNonNull(layout, "layout");
        if (maxLinesPerRecord < 1) {
            throw new IllegalArgumentException("maxLinesPerRecord must be >= 1");
        }
        this.maxLinesPerRecord = maxLinesPerRecord;
    }

    /** Reads a UTF-8 file; the file name (without directories) is used as source name. */
    public CdrReadResult read(Path file) throws IOException {
        return read(file, StandardCharsets.UTF_8);
    }

    public CdrReadResult read(Path file, Charset charset) throws IOException {
        try (Reader r = Files.newBufferedReader(file, charset)) {
            return read(r, file.getFileName().toString());
        }
    }

    public CdrReadResult read(InputStream in, String sourceName, Charset charset) throws IOException {
        return read(new InputStreamReader(in, charset), sourceName);
    }

    /** Reads everything from {@code reader} (not closed) and collects rows and errors. */
    public CdrReadResult read(Reader reader, String sourceName) throws IOException {
        List<CdrRow> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CdrLayout used = read(reader, sourceName, rows::add, errors::add);
        return new CdrReadResult(rows, errors, used);
    }

    /**
     * Streams rows and errors to the consumers in file order.
     *
     * @return the layout actually used (the detected variant, or the given layout if none was)
     */
    public CdrLayout read(Reader reader, String sourceName, Consumer<CdrRow> onRow,
                          Consumer<RowError> onError) throws IOException {
        Objects.requireNonNull(onRow, "onRow");
        Objects.requireNonNull(onError, "onError");
        String source = sourceName == null ? "<stream>" : sourceName;
        LineSource lines = new LineSource(reader instanceof BufferedReader ? reader : new BufferedReader(reader));
        CdrLayout resolved = layout.isResolved() ? layout : null;
        PhysicalLine first;
        while ((first = lines.next()) != null) {
            if (first.number <= layout.skipLines()) {
                continue;
            }
            // gather one logical record
            StringBuilder text = new StringBuilder(first.text);
            List<PhysicalLine> continuation = new ArrayList<>();
            QuoteState state = QuoteState.scan(first.text, QuoteState.FIELD_START);
            String unclosed = null;
            PhysicalLine previous = first;
            while (state == QuoteState.QUOTED) {
                if (continuation.size() + 1 >= maxLinesPerRecord) {
                    unclosed = "unclosed quoted field (record would span more than "
                            + maxLinesPerRecord + " lines)";
                    break;
                }
                PhysicalLine next = lines.next();
                if (next == null) {
                    unclosed = "unclosed quoted field (end of input reached)";
                    break;
                }
                continuation.add(next);
                text.append(previous.terminator).append(next.text);
                previous = next;
                state = QuoteState.scan(next.text, state);
            }
            if (unclosed != null) {
                onError.accept(new RowError(source, first.number, unclosed));
                lines.pushBack(continuation);
                continue;
            }
            if (text.toString().isBlank()) {
                continue;
            }
            List<String> values;
            try {
                values = parseRecord(text.toString());
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                rejectRecord(onError, lines, source, first, continuation, "malformed CSV: " + e.getMessage());
                continue;
            }
            CdrLayout rowLayout;
            if (resolved != null) {
                if (resolved.resolveFor(values.size()).isEmpty()) {
                    rejectRecord(onError, lines, source, first, continuation, "wrong column count: expected "
                            + describeCounts(resolved) + " for layout " + resolved.name()
                            + ", found " + values.size());
                    continue;
                }
                rowLayout = resolved;
            } else {
                var r = layout.resolveFor(values.size());
                if (r.isEmpty()) {
                    rejectRecord(onError, lines, source, first, continuation, "wrong column count: layout "
                            + layout.name() + " accepts " + describeCounts(layout) + " columns, found "
                            + values.size());
                    continue;
                }
                resolved = r.get();
                rowLayout = resolved;
            }
            try {
                onRow.accept(toRow(source, first.number, rowLayout, values, text.toString()));
            } catch (RowException e) {
                onError.accept(new RowError(source, first.number, e.getMessage()));
            }
        }
        return resolved != null ? resolved : layout;
    }

    /**
     * Reports a record that could not be used. When it spanned several physical lines, the
     * quote that made it span them was most likely unbalanced: the following lines are pushed
     * back and read again as records of their own, so one broken quote costs one row.
     */
    private static void rejectRecord(Consumer<RowError> onError, LineSource lines, String source,
                                     PhysicalLine first, List<PhysicalLine> continuation, String reason) {
        if (continuation.isEmpty()) {
            onError.accept(new RowError(source, first.number, reason));
            return;
        }
        onError.accept(new RowError(source, first.number, "unclosed quoted field? record spanning lines "
                + first.number + "-" + continuation.get(continuation.size() - 1).number
                + " is unusable (" + reason + "); re-reading from line " + continuation.get(0).number));
        lines.pushBack(continuation);
    }

    private static String describeCounts(CdrLayout l) {
        return l.minColumns() >= 0 ? "at least " + l.minColumns() : l.acceptedColumnCounts().toString();
    }

    private static List<String> parseRecord(String text) throws IOException {
        try (CSVParser p = CSVParser.parse(text, FORMAT)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) {
                throw new IOException("expected one record, found " + records.size());
            }
            return records.get(0).toList();
        }
    }

    private static CdrRow toRow(String source, long line, CdrLayout l, List<String> values, String text) {
        Map<CdrField, String> mapped = new EnumMap<>(CdrField.class);
        for (Map.Entry<CdrField, Integer> e : l.mapping().entrySet()) {
            mapped.put(e.getKey(), values.get(e.getValue()));
        }
        Instant start = time(l, mapped, CdrField.START);
        if (start == null) {
            throw new RowException("start time is empty");
        }
        Instant answer = time(l, mapped, CdrField.ANSWER);
        Instant end = time(l, mapped, CdrField.END);
        Long duration = seconds(mapped, CdrField.DURATION);
        Long billsec = seconds(mapped, CdrField.BILLSEC);
        return new CdrRow(source, line, l.name(), values, mapped, start, answer, end, duration, billsec, text);
    }

    private static Instant time(CdrLayout l, Map<CdrField, String> mapped, CdrField f) {
        String v = mapped.get(f);
        if (v == null) {
            return null;
        }
        try {
            return l.parseTime(v);
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            throw new RowException("bad " + f.key() + " timestamp '" + v + "' (expected "
                    + l.timeFormat() + ")");
        }
    }

    private static Long seconds(Map<CdrField, String> mapped, CdrField f) {
        String v = mapped.get(f);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new RowException("negative " + f.key() + " '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RowException("bad " + f.key() + " number '" + v + "'");
        }
    }

    // ------------------------------------------------------------------ internals

    private static final class RowException extends RuntimeException {
        RowException(String message) {
            super(message, null, false, false);
        }
    }

    /** Quote state at the end of a physical line, mirroring commons-csv's default lexer rules. */
    private enum QuoteState {
        FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED;

        static QuoteState scan(String line, QuoteState initial) {
            QuoteState s = initial;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                switch (s) {
                    case FIELD_START:
                        // leading blanks are skipped (ignoreSurroundingSpaces), so a quote may follow them
                        s = c == '"' ? QUOTED : c == ',' || Character.isWhitespace(c) ? FIELD_START : UNQUOTED;
                        break;
                    case UNQUOTED:
                        if (c == ',') {
                            s = FIELD_START;
                        }
                        break;
                    case QUOTED:
                        if (c == '"') {
                            s = QUOTE_IN_QUOTED;
                        }
                        break;
                    case QUOTE_IN_QUOTED:
                        s = c == '"' ? QUOTED : c == ',' ? FIELD_START : UNQUOTED;
                        break;
                    default:
                        throw new AssertionError(s);
                }
            }
            return s == QUOTED ? QUOTED : FIELD_START;
        }
    }

    private record PhysicalLine(long number, String text, String terminator) {
    }

    /** Splits a reader into physical lines (\r\n, \n or \r), keeping terminators; supports push-back. */
    private static final class LineSource {
        private final Reader in;
        private final Deque<PhysicalLine> pushedBack = new ArrayDeque<>();
        private long count;
        private int peeked = -2;

        LineSource(Reader in) {
            this.in = in;
        }

        PhysicalLine next() throws IOException {
            if (!pushedBack.isEmpty()) {
                return pushedBack.pollFirst();
            }
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = read()) != -1) {
                if (c == '\n') {
                    return line(sb, "\n");
                }
                if (c == '\r') {
                    int n = read();
                    if (n == '\n') {
                        return line(sb, "\r\n");
                    }
                    peeked = n;
                    return line(sb, "\r");
                }
                sb.append((char) c);
            }
            if (sb.length() == 0) {
                return null;
            }
            return line(sb, "");
        }

        void pushBack(List<PhysicalLine> lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                pushedBack.addFirst(lines.get(i));
            }
        }

        private PhysicalLine line(StringBuilder sb, String terminator) {
            count++;
            String text = sb.toString();
            if (count == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new PhysicalLine(count, text, terminator);
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int p = peeked;
                peeked = -2;
                return p;
            }
            return in.read();
        }
    }
}
