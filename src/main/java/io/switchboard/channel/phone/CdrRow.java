package io.switchboard.channel.phone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One parsed CDR row (one call leg). String values are stored verbatim as they appear in the
 * file (after CSV unquoting); nothing is trimmed, neutralised or normalised here.
 *
 * @param source      file or stream name
 * @param line        1-based physical line where the record starts
 * @param layoutName  name of the layout variant used
 * @param rawValues   all CSV values of the record, in column order
 * @param values      mapped values by field (only fields the layout maps)
 * @param start       start time, never null
 * @param answer      answer time or null when the leg was not answered
 * @param end         end time or null when empty
 * @param durationSeconds duration column, or null when not mapped / empty
 * @param billSeconds     billsec column, or null when not mapped / empty
 * @param text        the record exactly as written in the file (several physical lines when a quoted
 *                    value spans them), without its final line terminator
 */
public record CdrRow(
        String source,
        long line,
        String layoutName,
        List<String> rawValues,
        Map<CdrField, String> values,
        Instant start,
        Instant answer,
        Instant end,
        Long durationSeconds,
        Long billSeconds,
        String text) {

    public CdrRow {
        rawValues = List.copyOf(rawValues);
        values = Map.copyOf(values);
    }

    /** Verbatim value of a field, or the empty string when the layout does not map it. */
    public String get(CdrField field) {
        String v = values.get(field);
        return v == null ? "" : v;
    }

    /** Whether the field is mapped and its value is not blank. */
    public boolean has(CdrField field) {
        return !get(field).isBlank();
    }

    /**
     * SHA-256 (hex) over the raw values of the row, independent of file name and line, so the
     * same row dropped again in another file hashes the same.
     */
    public String contentHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String v : rawValues) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) ':');
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }
}
