package io.switchboard.tagging.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds Traditional Chinese to Simplified, as ICU4J's {@code Traditional-Simplified} transliterator
 * does, from a table generated from it ({@code hant-hans.txt}, 40 KB instead of ICU's 15 MB jar): at each
 * position the longest phrase rule that matches (乾隆 stays 乾隆, 餘額 becomes 余额), otherwise the
 * character's own mapping (電 becomes 电). Simplified text, English and everything else come back as the
 * same String without copying. Immutable and thread-safe.
 */
public final class TraditionalToSimplified {

    private static final String TABLE = "hant-hans.txt";
    private static final TraditionalToSimplified SHIPPED = load();

    /** Per BMP character its single replacement, or 0 when it stays (or maps outside the BMP). */
    private final char[] single = new char[Character.MAX_VALUE + 1];
    /** BMP characters that change or start a phrase: the fast path skips all others. */
    private final long[] interesting = new long[(Character.MAX_VALUE + 1) / 64];
    /** Replacements that are not one BMP character for one BMP character, by code point. */
    private final Map<Integer, String> wide = new HashMap<>();
    /** Phrase rules by their first character, longest first. */
    private final Map<Character, List<String[]>> phrases = new HashMap<>();

    private TraditionalToSimplified(BufferedReader table) throws IOException {
        for (String line; (line = table.readLine()) != null; ) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            String from = line.substring(0, tab);
            String to = line.substring(tab + 1);
            if (from.codePointCount(0, from.length()) > 1) {
                phrases.computeIfAbsent(from.charAt(0), c -> new ArrayList<>()).add(new String[] {from, to});
                mark(from.charAt(0));
            } else if (from.length() == 1 && to.length() == 1) {
                single[from.charAt(0)] = to.charAt(0);
                mark(from.charAt(0));
            } else {
                wide.put(from.codePointAt(0), to);
                mark(from.charAt(0));
            }
        }
        phrases.values().forEach(list -> list.sort((a, b) -> b[0].length() - a[0].length()));
    }

    /** The folder of the shipped table. */
    public static TraditionalToSimplified shipped() {
        return SHIPPED;
    }

    private static TraditionalToSimplified load() {
        try (InputStream in = TraditionalToSimplified.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the classpath");
            }
            return new TraditionalToSimplified(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(TABLE + ": " + e.getMessage(), e);
        }
    }

    private void mark(char c) {
        interesting[c >>> 6] |= 1L << c;
    }

    private boolean isInteresting(char c) {
        return (interesting[c >>> 6] & (1L << c)) != 0;
    }

    public String fold(String text) {
        StringBuilder out = null; // only once something changes
        int copied = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            char c = text.charAt(i);
            if (!isInteresting(c)) {
                i++;
                continue;
            }
            String from;
            String to;
            String[] phrase = phraseAt(text, i, c);
            if (phrase != null) {
                from = phrase[0];
                to = phrase[1];
            } else if (single[c] != 0) {
                from = null;
                to = String.valueOf(single[c]);
            } else {
                int cp = text.codePointAt(i);
                from = Character.toString(cp);
                to = wide.getOrDefault(cp, from);
            }
            int width = from == null ? 1 : from.length();
            if (from == null || !from.equals(to)) {
                out = out == null ? new StringBuilder(n) : out;
                out.append(text, copied, i).append(to);
                copied = i + width;
            }
            i += width;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private String[] phraseAt(String text, int at, char c) {
        List<String[]> candidates = phrases.get(c);
        if (candidates != null) {
            for (String[] p : candidates) {
                if (text.startsWith(p[0], at)) {
                    return p;
                }
            }
        }
        return null;
    }
}
