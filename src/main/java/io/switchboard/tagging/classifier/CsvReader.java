package io.switchboard.tagging.classifier;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV reader.
 *
 * <p>Supports comma-separated fields, fields enclosed in double quotes that may contain commas,
 * line breaks and doubled quotes ({@code ""} for a literal quote), LF / CRLF / CR record
 * terminators and a leading UTF-8 byte-order mark. Completely blank lines are skipped.
 * A quote appearing inside an unquoted field is kept literally (lenient, as most writers do).
 */
public final class CsvReader implements java.io.Closeable {

    private final Reader in;
    private final char[] buf = new char[8192];
    private int len;
    private int pos;
    private long line = 1;
    private boolean first = true;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** Parses a whole CSV document held in a string. */
    public static List<String[]> parse(String text) {
        try (CsvReader r = new CsvReader(new java.io.StringReader(text))) {
            List<String[]> rows = new ArrayList<>();
            String[] row;
            while ((row = r.next()) != null) {
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Line number (1-based) where the reader currently stands; useful for error messages. */
    public long line() {
        return line;
    }

    private int read() throws IOException {
        if (pos >= len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        if (pos >= len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }

    /**
     * Reads the next record.
     *
     * @return the fields of the record, or {@code null} at end of input
     * @throws IOException on read failure or an unterminated quoted field
     */
    public String[] next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;      // currently inside a quoted section
        boolean wasQuoted = false;   // current field started with a quote
        boolean any = false;         // anything read for this record
        long startLine = line;
        while (true) {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c == -1) {
                if (quoted) {
                    throw new IOException("Unterminated quoted field starting at line " + startLine);
                }
                if (!any) {
                    return null;
                }
                fields.add(sb.toString());
                return fields.toArray(new String[0]);
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        sb.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    sb.append((char) c);
                }
                continue;
            }
            switch (c) {
                case '"':
                    any = true;
                    if (sb.length() == 0 && !wasQuoted) {
                        quoted = true;
                        wasQuoted = true;
                    } else {
                        // stray quote inside an unquoted field, or text after a closing quote
                        sb.append('"');
                    }
                    break;
                case ',':
                    any = true;
                    fields.add(sb.toString());
                    sb.setLength(0);
                    wasQuoted = false;
                    break;
                case '\r':
                case '\n':
                    if (c == '\r' && peek() == '\n') {
                        read();
                    }
                    line++;
                    if (!any) {
                        // blank line: skip
                        startLine = line;
                        continue;
                    }
                    fields.add(sb.toString());
                    return fields.toArray(new String[0]);
                default:
                    any = true;
                    sb.append((char) c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
