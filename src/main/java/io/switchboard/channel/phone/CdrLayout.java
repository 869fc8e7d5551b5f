package io.switchboard.channel.phone;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Column layout of a CDR CSV file: which {@link CdrField} lives in which 0-based column, how
 * timestamps are written and in which zone they are to be read.
 *
 * <p>A layout either has a fixed mapping, or (built-in Asterisk/FreeSWITCH layouts) several
 * variants keyed by column count; {@link #resolveFor(int)} picks the variant for a file.
 */
public final class CdrLayout {

    /** Timestamp format written by Asterisk cdr_csv ({@code %Y-%m-%d %T}) and FreeSWITCH *_stamp. */
    public static final String DEFAULT_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";
    /** Special time format: seconds since the epoch, optionally with a fraction. */
    public static final String EPOCH = "epoch";
    /** Special time format: ISO-8601 with offset or 'Z'. */
    public static final String ISO = "iso";

    private static final List<CdrField> ASTERISK_BASE = List.of(
            CdrField.ACCOUNT_CODE, CdrField.SRC, CdrField.DST, CdrField.DCONTEXT, CdrField.CLID,
            CdrField.CHANNEL, CdrField.DST_CHANNEL, CdrField.LAST_APP, CdrField.LAST_DATA,
            CdrField.START, CdrField.ANSWER, CdrField.END, CdrField.DURATION, CdrField.BILLSEC,
            CdrField.DISPOSITION, CdrField.AMA_FLAGS);
    private static final List<CdrField> ASTERISK_NEW_COLUMNS =
            List.of(CdrField.PEER_ACCOUNT, CdrField.LINKED_ID, CdrField.SEQUENCE);

    private static final List<CdrField> FREESWITCH_EXAMPLE = List.of(
            CdrField.CALLER_NAME, CdrField.SRC, CdrField.DST, CdrField.DCONTEXT,
            CdrField.START, CdrField.ANSWER, CdrField.END, CdrField.DURATION, CdrField.BILLSEC,
            CdrField.HANGUP_CAUSE, CdrField.UNIQUE_ID, CdrField.BLEG_UUID, CdrField.ACCOUNT_CODE,
            CdrField.READ_CODEC, CdrField.WRITE_CODEC);

    private static final Set<String> CONFIG_KEYS =
            Set.of("name", "timeformat", "timezone", "columncount", "skiplines");

    private final String name;
    /** column count -> mapping; when {@link #minColumns} >= 0 there is exactly one entry, key -1. */
    private final Map<Integer, Map<CdrField, Integer>> variants;
    private final int minColumns;
    private final String timeFormat;
    private final ZoneId zone;
    private final int skipLines;
    private final DateTimeFormatter formatter;

    private CdrLayout(String name, Map<Integer, Map<CdrField, Integer>> variants, int minColumns,
                      String timeFormat, ZoneId zone, int skipLines) {
        this.name = Objects.requireNonNull(name, "name");
        Map<Integer, Map<CdrField, Integer>> copy = new TreeMap<>();
        variants.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new EnumMap<>(v))));
        this.variants = Collections.unmodifiableMap(copy);
        this.minColumns = minColumns;
        this.timeFormat = Objects.requireNonNull(timeFormat, "timeFormat");
        this.zone = Objects.requireNonNull(zone, "zone");
        if (skipLines < 0) {
            throw new IllegalArgumentException("skipLines must be >= 0");
        }
        this.skipLines = skipLines;
        this.formatter = buildFormatter(timeFormat);
    }

    // ------------------------------------------------------------------ built-ins

    /**
     * Asterisk cdr_csv Master.csv, variant detected by column count: 16 (no uniqueid/userfield),
     * 17 (+uniqueid), 18 (+uniqueid, userfield: the usual default), 19 (base + peeraccount,
     * linkedid, sequence), 20 (+uniqueid + the three new columns), 21 (all).
     * A 17/20-column file is assumed to log uniqueid rather than userfield.
     *
     * @param zone zone the PBX wrote local times in (UTC when {@code usegmtime=yes})
     */
    public static CdrLayout asterisk(ZoneId zone) {
        Map<Integer, Map<CdrField, Integer>> v = new LinkedHashMap<>();
        v.put(16, indexed(ASTERISK_BASE));
        v.put(17, indexed(concat(ASTERISK_BASE, List.of(CdrField.UNIQUE_ID))));
        v.put(18, indexed(concat(ASTERISK_BASE, List.of(CdrField.UNIQUE_ID, CdrField.USER_FIELD))));
        v.put(19, indexed(concat(ASTERISK_BASE, ASTERISK_NEW_COLUMNS)));
        v.put(20, indexed(concat(concat(ASTERISK_BASE, List.of(CdrField.UNIQUE_ID)), ASTERISK_NEW_COLUMNS)));
        v.put(21, indexed(concat(concat(ASTERISK_BASE, List.of(CdrField.UNIQUE_ID, CdrField.USER_FIELD)),
                ASTERISK_NEW_COLUMNS)));
        return new CdrLayout("asterisk", v, -1, DEFAULT_TIME_FORMAT, zone, 0);
    }

    /** The Asterisk variant for exactly {@code columnCount} columns (16..21). */
    public static CdrLayout asterisk(int columnCount, ZoneId zone) {
        return asterisk(zone).resolveFor(columnCount).orElseThrow(() ->
                new IllegalArgumentException("no Asterisk cdr_csv variant has " + columnCount + " columns"));
    }

    /**
     * FreeSWITCH mod_cdr_csv {@code example} template (15 columns: caller_id_name,
     * caller_id_number, destination_number, context, start_stamp, answer_stamp, end_stamp,
     * duration, billsec, hangup_cause, uuid, bleg_uuid, accountcode, read_codec, write_codec);
     * the compiled-in default template (its first 13 columns) is accepted as well.
     */
    public static CdrLayout freeswitchExample(ZoneId zone) {
        Map<Integer, Map<CdrField, Integer>> v = new LinkedHashMap<>();
        v.put(13, indexed(FREESWITCH_EXAMPLE.subList(0, 13)));
        v.put(15, indexed(FREESWITCH_EXAMPLE));
        return new CdrLayout("freeswitch-example", v, -1, DEFAULT_TIME_FORMAT, zone, 0);
    }

    /**
     * Builds a custom layout from a flat configuration map. Keys (case-insensitive):
     * <ul>
     *   <li>a field key ({@link CdrField#key()}, e.g. {@code src}, {@code dst}, {@code start},
     *       {@code uniqueid}; some aliases such as {@code uuid} work) → 0-based column index;</li>
     *   <li>{@code timeFormat}: a {@link DateTimeFormatter} pattern, {@code epoch} or {@code iso}
     *       (default {@value #DEFAULT_TIME_FORMAT});</li>
     *   <li>{@code timeZone}: zone id for local times (default UTC);</li>
     *   <li>{@code columnCount}: exact number of columns each row must have (default: at least
     *       highest index + 1);</li>
     *   <li>{@code skipLines}: leading lines to skip, e.g. 1 for a header row (default 0);</li>
     *   <li>{@code name}: layout name (default "custom").</li>
     * </ul>
     * {@code start} and at least one of {@code src}/{@code dst} must be mapped.
     *
     * @throws IllegalArgumentException for unknown keys, bad indexes, duplicate columns, bad
     *                                  time format or zone
     */
    public static CdrLayout fromConfig(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        Map<CdrField, Integer> mapping = new EnumMap<>(CdrField.class);
        Map<Integer, CdrField> byIndex = new TreeMap<>();
        String name = "custom";
        String timeFormat = DEFAULT_TIME_FORMAT;
        ZoneId zone = ZoneId.of("UTC");
        Integer columnCount = null;
        int skip = 0;
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().trim();
            String value = e.getValue() == null ? "" : e.getValue().toString().trim();
            String norm = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
            if (CONFIG_KEYS.contains(norm)) {
                switch (norm) {
                    case "name": name = value; break;
                    case "timeformat": timeFormat = value; break;
                    case "timezone":
                        try {
                            zone = ZoneId.of(value);
                        } catch (DateTimeException ex) {
                            throw new IllegalArgumentException("bad timeZone '" + value + "'", ex);
                        }
                        break;
                    case "columncount": columnCount = parseIndex(key, value); break;
                    case "skiplines": skip = parseIndex(key, value); break;
                    default: throw new AssertionError(norm);
                }
                continue;
            }
            CdrField field = CdrField.byKey(key).orElseThrow(() ->
                    new IllegalArgumentException("unknown CDR layout key '" + key + "'"));
            int idx = parseIndex(key, value);
            if (mapping.containsKey(field)) {
                throw new IllegalArgumentException("field " + field.key() + " mapped twice");
            }
            CdrField clash = byIndex.put(idx, field);
            if (clash != null) {
                throw new IllegalArgumentException("column " + idx + " mapped to both "
                        + clash.key() + " and " + field.key());
            }
            mapping.put(field, idx);
        }
        if (!mapping.containsKey(CdrField.START)) {
            throw new IllegalArgumentException("custom CDR layout must map 'start'");
        }
        if (!mapping.containsKey(CdrField.SRC) && !mapping.containsKey(CdrField.DST)) {
            throw new IllegalArgumentException("custom CDR layout must map 'src' or 'dst'");
        }
        int needed = Collections.max(mapping.values()) + 1;
        if (columnCount != null) {
            if (columnCount < needed) {
                throw new IllegalArgumentException("columnCount " + columnCount
                        + " is smaller than highest mapped index + 1 = " + needed);
            }
            return new CdrLayout(name, Map.of(columnCount, mapping), -1, timeFormat, zone, skip);
        }
        return new CdrLayout(name, Map.of(-1, mapping), needed, timeFormat, zone, skip);
    }

    // ------------------------------------------------------------------ accessors

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    public String timeFormat() {
        return timeFormat;
    }

    public int skipLines() {
        return skipLines;
    }

    /** Same layout, other zone (e.g. the PBX's configured local zone). */
    public CdrLayout withZone(ZoneId newZone) {
        return new CdrLayout(name, variants, minColumns, timeFormat, newZone, skipLines);
    }

    /** Accepted column counts; empty for a custom layout without fixed count (see {@link #minColumns()}). */
    public Set<Integer> acceptedColumnCounts() {
        return minColumns >= 0 ? Set.of() : variants.keySet();
    }

    /** Minimum column count for a layout without fixed count, else -1. */
    public int minColumns() {
        return minColumns;
    }

    /** True when this layout has exactly one mapping (a resolved variant or a custom layout). */
    public boolean isResolved() {
        return variants.size() == 1;
    }

    /**
     * The single-mapping layout for rows with {@code columnCount} columns, or empty when no
     * variant fits. A resolved layout returns itself when the count fits.
     */
    public Optional<CdrLayout> resolveFor(int columnCount) {
        if (minColumns >= 0) {
            return columnCount >= minColumns ? Optional.of(this) : Optional.empty();
        }
        Map<CdrField, Integer> m = variants.get(columnCount);
        if (m == null) {
            return Optional.empty();
        }
        if (variants.size() == 1) {
            return Optional.of(this);
        }
        return Optional.of(new CdrLayout(name + "-" + columnCount, Map.of(columnCount, m), -1,
                timeFormat, zone, skipLines));
    }

    /** Column index of a field in a resolved layout. */
    public OptionalInt indexOf(CdrField field) {
        Integer i = mapping().get(field);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** Field → column mapping of a resolved layout. */
    public Map<CdrField, Integer> mapping() {
        if (!isResolved()) {
            throw new IllegalStateException("layout " + name + " has several variants "
                    + variants.keySet() + "; resolve it for a column count first");
        }
        return variants.values().iterator().next();
    }

    /** Mapping of every variant by column count (custom layouts without fixed count use key -1). */
    public Map<Integer, Map<CdrField, Integer>> variants() {
        return variants;
    }

    /**
     * Parses one timestamp value in this layout's format and zone.
     *
     * @return null for an empty value
     * @throws DateTimeException (or NumberFormatException for epoch) when unparseable
     */
    public Instant parseTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (EPOCH.equalsIgnoreCase(timeFormat)) {
            BigDecimal secs = new BigDecimal(v);
            long whole = secs.longValue();
            long nanos = secs.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        if (ISO.equalsIgnoreCase(timeFormat)) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeException e) {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            }
        }
        return LocalDateTime.parse(v, formatter).atZone(zone).toInstant();
    }

    @Override
    public String toString() {
        return "CdrLayout[" + name + ", columns=" + (minColumns >= 0 ? ">=" + minColumns : variants.keySet())
                + ", timeFormat=" + timeFormat + ", zone=" + zone + "]";
    }

    // ------------------------------------------------------------------ helpers

    private static DateTimeFormatter buildFormatter(String pattern) {
        if (EPOCH.equalsIgnoreCase(pattern) || ISO.equalsIgnoreCase(pattern)) {
            return null;
        }
        try {
            DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().appendPattern(pattern);
            if (!pattern.contains("G")) {
                b.parseDefaulting(ChronoField.ERA, 1);
            }
            return b.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad timeFormat '" + pattern + "'", e);
        }
    }

    private static int parseIndex(String key, String value) {
        try {
            int i = Integer.parseInt(value);
            if (i < 0) {
                throw new IllegalArgumentException(key + " must be >= 0, was " + value);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a non-negative integer, was '" + value + "'", e);
        }
    }

    private static Map<CdrField, Integer> indexed(List<CdrField> fields) {
        Map<CdrField, Integer> m = new EnumMap<>(CdrField.class);
        for (int i = 0; i < fields.size(); i++) {
            m.put(fields.get(i), i);
        }
        return m;
    }

    private static List<CdrField> concat(List<CdrField> a, List<CdrField> b) {
        List<CdrField> r = new java.util.ArrayList<>(a);
        r.addAll(b);
        return r;
    }
}
