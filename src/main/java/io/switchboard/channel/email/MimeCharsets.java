package io.switchboard.channel.email;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Charset label resolution and best-effort byte decoding for mail content.
 *
 * <p>Labels of the GB2312 family (GB2312, GBK, CP936, x-gbk, EUC-CN, ...) all resolve to GB18030, which is a strict
 * superset: real mail labelled GB2312 routinely carries GBK-only characters such as 镕. Other labels follow the
 * WHATWG "superset" convention (US-ASCII/ISO-8859-1 → windows-1252, Big5 → Big5-HKSCS, Shift_JIS → windows-31j,
 * EUC-KR/ks_c_5601-1987 → windows-949). Decoding never throws: it falls back from the declared charset to UTF-8 (if
 * the bytes are valid UTF-8) and finally to a lenient single-byte decode, recording what happened.
 */
public final class MimeCharsets {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset GB18030 = Charset.forName("GB18030");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("gb2312", "GB18030"), Map.entry("gbk", "GB18030"), Map.entry("cp936", "GB18030"),
            Map.entry("x-gbk", "GB18030"), Map.entry("euc-cn", "GB18030"), Map.entry("x-euc-cn", "GB18030"),
            Map.entry("euccn", "GB18030"), Map.entry("csgb2312", "GB18030"), Map.entry("eucgb2312_cn", "GB18030"),
            Map.entry("gb_2312-80", "GB18030"), Map.entry("gb_2312", "GB18030"), Map.entry("csgb231280", "GB18030"),
            Map.entry("iso-ir-58", "GB18030"), Map.entry("chinese", "GB18030"), Map.entry("windows-936", "GB18030"),
            Map.entry("ms936", "GB18030"), Map.entry("gb18030", "GB18030"), Map.entry("gb-18030", "GB18030"),
            Map.entry("us-ascii", "windows-1252"), Map.entry("ascii", "windows-1252"),
            Map.entry("iso-8859-1", "windows-1252"), Map.entry("iso8859-1", "windows-1252"),
            Map.entry("latin1", "windows-1252"), Map.entry("l1", "windows-1252"), Map.entry("cp1252", "windows-1252"),
            Map.entry("big5", "Big5-HKSCS"), Map.entry("x-big5", "Big5-HKSCS"), Map.entry("csbig5", "Big5-HKSCS"),
            Map.entry("cn-big5", "Big5-HKSCS"),
            Map.entry("shift_jis", "windows-31j"), Map.entry("shift-jis", "windows-31j"), Map.entry("sjis", "windows-31j"),
            Map.entry("x-sjis", "windows-31j"), Map.entry("ms_kanji", "windows-31j"), Map.entry("cp932", "windows-31j"),
            Map.entry("euc-kr", "x-windows-949"), Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("ks_c_5601", "x-windows-949"), Map.entry("cp949", "x-windows-949"),
            Map.entry("iso-8859-8-i", "ISO-8859-8"), Map.entry("utf8", "UTF-8"), Map.entry("unicode-1-1-utf-8", "UTF-8"));

    private MimeCharsets() {
    }

    /** Resolves a MIME charset label to a JDK charset, applying the superset aliases above; empty if unknown. */
    public static Optional<Charset> resolve(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.replace("\\", "").replace("'", "\"").trim().toLowerCase(Locale.ROOT);
        if (l.length() >= 2 && l.startsWith("\"") && l.endsWith("\"")) {
            l = l.substring(1, l.length() - 1).trim();
        }
        int star = l.indexOf('*'); // RFC 2231 language suffix inside encoded-words: utf-8*en
        if (star > 0) {
            l = l.substring(0, star);
        }
        if (l.isEmpty()) {
            return Optional.empty();
        }
        String alias = ALIASES.get(l);
        try {
            return Optional.of(Charset.forName(alias != null ? alias : l));
        } catch (RuntimeException e) { // IllegalCharsetNameException, UnsupportedCharsetException
            if (alias != null) {
                try {
                    return Optional.of(Charset.forName(l));
                } catch (RuntimeException ignored) {
                    // fall through
                }
            }
            return Optional.empty();
        }
    }

    /** True when the bytes are well-formed UTF-8. */
    public static boolean isValidUtf8(byte[] bytes) {
        return strict(bytes, StandardCharsets.UTF_8) != null;
    }

    /** True when all bytes are 7-bit. */
    public static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes bytes labelled with {@code label} (may be null). Never throws. Fallback chain: declared charset (strict)
     * → UTF-8 (strict) → declared charset (lenient, if it is a multi-byte charset) → windows-1252. Any fallback adds a
     * message to {@code warnings} (which may be null).
     *
     * @param what short description used in warning messages, e.g. "body" or "Subject"
     */
    public static String decode(byte[] bytes, String label, String what, List<String> warnings) {
        if (bytes.length == 0) {
            return "";
        }
        Optional<Charset> declared = resolve(label);
        if ("utf-7".equalsIgnoreCase(label == null ? "" : label.trim())
                || "unicode-1-1-utf-7".equalsIgnoreCase(label == null ? "" : label.trim())) {
            return Utf7.decode(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        if (declared.isPresent()) {
            if (!isMultiByte(declared.get()) && !declared.get().equals(StandardCharsets.UTF_8) && !isAscii(bytes)) {
                // Single-byte labels accept almost any byte sequence, so mislabelled UTF-8 would silently become
                // mojibake; well-formed non-ASCII UTF-8 is very unlikely to be genuine Latin-1/Cyrillic text.
                String u = strict(bytes, StandardCharsets.UTF_8);
                if (u != null) {
                    warn(warnings, what + ": declared charset " + label + " but content is valid UTF-8; decoded as UTF-8");
                    return u;
                }
            }
            String s = strict(bytes, declared.get());
            if (s != null) {
                return s;
            }
            if (!declared.get().equals(StandardCharsets.UTF_8)) {
                String u = strict(bytes, StandardCharsets.UTF_8);
                if (u != null) {
                    warn(warnings, what + ": declared charset " + label + " does not match content; decoded as UTF-8");
                    return u;
                }
            }
            if (isMultiByte(declared.get())) {
                String l = lenient(bytes, declared.get());
                boolean anyGood = l.chars().anyMatch(c -> c >= 0x80 && c != 0xFFFD);
                if (anyGood || !declared.get().equals(StandardCharsets.UTF_8)) {
                    warn(warnings, what + ": malformed " + label + " bytes replaced with U+FFFD");
                    return l;
                }
                // "UTF-8" without a single valid multi-byte sequence: almost certainly a single-byte charset
            }
            warn(warnings, what + ": malformed " + label + " bytes; decoded as windows-1252");
            return lenient(bytes, WINDOWS_1252);
        }
        if (isAscii(bytes)) {
            if (label != null && !label.isBlank()) {
                warn(warnings, what + ": unknown charset '" + label + "'; content is ASCII");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        String u = strict(bytes, StandardCharsets.UTF_8);
        if (u != null) {
            warn(warnings, what + ": " + describe(label) + "; 8-bit content decoded as UTF-8");
            return u;
        }
        warn(warnings, what + ": " + describe(label) + "; 8-bit content decoded as windows-1252");
        return lenient(bytes, WINDOWS_1252);
    }

    /** Like {@link #decode} but with a second-choice charset tried after UTF-8 (e.g. the body charset for raw headers). */
    static String decodeWithHint(byte[] bytes, String hintLabel, String what, List<String> warnings) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        String u = strict(bytes, StandardCharsets.UTF_8);
        if (u != null) {
            return u; // RFC 6532 raw UTF-8 header: not a fallback, no warning
        }
        Optional<Charset> hint = resolve(hintLabel);
        if (hint.isPresent()) {
            String s = strict(bytes, hint.get());
            if (s != null) {
                warn(warnings, what + ": raw 8-bit header decoded with body charset " + hintLabel);
                return s;
            }
        }
        String gb = plausibleGb18030(bytes);
        if (gb != null) {
            warn(warnings, what + ": raw 8-bit header without charset looks like GB18030/GBK; decoded as GB18030");
            return gb;
        }
        warn(warnings, what + ": raw 8-bit header is not UTF-8; decoded as windows-1252");
        return lenient(bytes, WINDOWS_1252);
    }

    /**
     * Heuristic for unlabelled raw 8-bit text (typically Chinese Outlook Express / Foxmail file names): accepted as
     * GB18030 only if it decodes strictly, every run of high bytes has even length (two-byte characters), it yields
     * at least two Han characters and nothing outside ASCII, CJK and full-width punctuation.
     */
    static String plausibleGb18030(byte[] bytes) {
        int run = 0;
        for (byte b : bytes) {
            if (b < 0) {
                run++;
            } else {
                if (run % 2 != 0) {
                    return null;
                }
                run = 0;
            }
        }
        if (run % 2 != 0) {
            return null;
        }
        String s = strict(bytes, GB18030);
        if (s == null) {
            return null;
        }
        int han = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                continue;
            }
            Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
            if (sc == Character.UnicodeScript.HAN) {
                han++;
            } else if (!(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFFEF)) {
                return null;
            }
        }
        return han >= 2 ? s : null;
    }

    static boolean isMultiByte(Charset cs) {
        return cs.newEncoder().maxBytesPerChar() > 1.0f;
    }

    static String strict(byte[] bytes, Charset cs) {
        CharsetDecoder d = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException | RuntimeException e) {
            return null;
        }
    }

    static String lenient(byte[] bytes, Charset cs) {
        try {
            return new String(bytes, cs);
        } catch (RuntimeException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static Charset gb18030() {
        return GB18030;
    }

    private static String describe(String label) {
        return label == null || label.isBlank() ? "no charset declared" : "unknown charset '" + label + "'";
    }

    private static void warn(List<String> warnings, String message) {
        if (warnings != null && !warnings.contains(message)) {
            warnings.add(message);
        }
    }
}
