package io.switchboard.channel.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An ordered, case-insensitive header block. Values are kept as raw (unfolded) bytes so that 8-bit headers can be
 * decoded later as UTF-8 (RFC 6532) or with a charset hint; {@link #raw(String)} exposes them as ISO-8859-1 text.
 */
public final class MailHeaders {

    /** One header field; value bytes are unfolded (CRLF + WSP replaced by the WSP). */
    public record Field(String name, byte[] value) {
        public String latin1() {
            return new String(value, StandardCharsets.ISO_8859_1).trim();
        }
    }

    private final List<Field> fields;
    /** Offset in the parsed byte range where the body begins. */
    final int bodyStart;

    private MailHeaders(List<Field> fields, int bodyStart) {
        this.fields = Collections.unmodifiableList(fields);
        this.bodyStart = bodyStart;
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** First value of the header as ISO-8859-1 text (bytes preserved 1:1), or null. */
    public String raw(String name) {
        Field f = field(name);
        return f == null ? null : f.latin1();
    }

    public Field field(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f.latin1());
            }
        }
        return out;
    }

    public boolean has(String name) {
        return field(name) != null;
    }

    /** Header value as text: raw bytes decoded (UTF-8, else {@code charsetHint}), then RFC 2047 words decoded. */
    public String text(String name, String charsetHint, List<String> warnings) {
        Field f = field(name);
        if (f == null) {
            return null;
        }
        String s = MimeCharsets.decodeWithHint(f.value(), charsetHint, name, warnings).trim();
        return EncodedWords.decode(s, warnings);
    }

    /** Header value with raw bytes decoded (UTF-8, else hint) but encoded-words left intact. */
    public String unstructured(String name, String charsetHint, List<String> warnings) {
        Field f = field(name);
        if (f == null) {
            return null;
        }
        return MimeCharsets.decodeWithHint(f.value(), charsetHint, name, warnings).trim();
    }

    /**
     * Parses a header block starting at {@code start}. Stops at the first empty line, or — leniently — at the first
     * line that is neither a header field nor a continuation (that line then starts the body). A leading mbox
     * "From " line is skipped.
     */
    static MailHeaders parse(byte[] data, int start, int end) {
        List<Field> fields = new ArrayList<>();
        int pos = start;
        if (end - pos >= 3 && (data[pos] & 0xff) == 0xEF && (data[pos + 1] & 0xff) == 0xBB
                && (data[pos + 2] & 0xff) == 0xBF) {
            pos += 3; // UTF-8 byte order mark
        }
        while (pos < end && (data[pos] == ' ' || data[pos] == '\t')) { // whitespace-only lines before the header
            int eol = pos;
            while (eol < end && data[eol] != '\n') {
                eol++;
            }
            if (!isBlank(data, pos, eol > pos && data[eol - 1] == '\r' ? eol - 1 : eol) || eol >= end) {
                break;
            }
            pos = eol + 1;
        }
        String name = null;
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        boolean first = true;
        while (pos < end) {
            int eol = pos;
            while (eol < end && data[eol] != '\n') {
                eol++;
            }
            int next = eol < end ? eol + 1 : end;
            int lineEnd = eol;
            if (lineEnd > pos && data[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd == pos) { // empty line: end of header
                flush(fields, name, value);
                return new MailHeaders(fields, next);
            }
            if (first && startsWith(data, pos, lineEnd, "From ")) {
                first = false;
                pos = next;
                continue;
            }
            first = false;
            byte b = data[pos];
            if ((b == ' ' || b == '\t')) {
                if (name != null) {
                    value.write(data, pos, lineEnd - pos);
                    pos = next;
                    continue;
                }
                if (isBlank(data, pos, lineEnd)) { // whitespace-only line treated as the separator
                    return new MailHeaders(fields, next);
                }
                return new MailHeaders(fields, pos);
            }
            int colon = fieldNameEnd(data, pos, lineEnd);
            if (colon < 0) {
                flush(fields, name, value);
                return new MailHeaders(fields, pos); // body starts without blank line
            }
            flush(fields, name, value);
            name = new String(data, pos, colon - pos, StandardCharsets.ISO_8859_1).trim();
            value.reset();
            value.write(data, colon + 1, lineEnd - colon - 1);
            pos = next;
        }
        flush(fields, name, value);
        return new MailHeaders(fields, end);
    }

    private static boolean isBlank(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] != ' ' && d[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Index of the colon ending a field name, or -1 if the line is not a header field. */
    private static int fieldNameEnd(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = d[i];
            if (c == ':') {
                return i > from ? i : -1;
            }
            if (c <= ' ' || c >= 127) {
                // allow "Name :" (obsolete syntax: whitespace before colon)
                if (c == ' ' || c == '\t') {
                    int j = i;
                    while (j < to && (d[j] == ' ' || d[j] == '\t')) {
                        j++;
                    }
                    return j < to && d[j] == ':' && i > from ? j : -1;
                }
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] d, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (d[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void flush(List<Field> fields, String name, ByteArrayOutputStream value) {
        if (name != null) {
            fields.add(new Field(name, value.toByteArray()));
        }
        value.reset();
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
