package io.switchboard.tagging;

import io.switchboard.tagging.classifier.TextNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyword phrases of any number of owners (taxonomy types, lexicon categories), found in one
 * Aho-Corasick pass over text normalised by {@link #normalize(String)} (NFKC + lower case + Traditional
 * Chinese folded to Simplified, so full-width and half-width forms, letter case and script all match).
 *
 * <p>Chinese phrases match anywhere, without word segmentation. Phrases that start or end with a
 * Latin letter or digit match only at word boundaries, so {@code app} does not fire inside
 * {@code happy}; a trailing {@code *} lifts the end boundary ({@code refund*} matches
 * {@code refunded}).
 */
public final class KeywordIndex<T> {

    /** One phrase of one owner, with its weight. */
    public record Keyword<T>(String phrase, T owner, double weight) {}

    /** A phrase found in the text, with its [start, end) in the normalised text. */
    public record Hit<T>(Keyword<T> keyword, int start, int end) {}

    @FunctionalInterface
    public interface HitSink<T> {
        void hit(Keyword<T> keyword, int start, int end);
    }

    /** Receives the index of each keyword found (its position in the list the index was built from). */
    @FunctionalInterface
    public interface IndexSink {
        void hit(int keyword, int start, int end);
    }

    private final AhoCorasick automaton;
    private final List<Keyword<T>> keywords;
    private final boolean[] checkStart;
    private final boolean[] checkEnd;

    private KeywordIndex(AhoCorasick automaton, List<Keyword<T>> keywords, boolean[] checkStart, boolean[] checkEnd) {
        this.automaton = automaton;
        this.keywords = keywords;
        this.checkStart = checkStart;
        this.checkEnd = checkEnd;
    }

    public static <T> KeywordIndex<T> of(List<Keyword<T>> keywords) {
        List<String> patterns = new ArrayList<>(keywords.size());
        List<Keyword<T>> normalised = new ArrayList<>(keywords.size());
        boolean[] checkStart = new boolean[keywords.size()];
        boolean[] checkEnd = new boolean[keywords.size()];
        for (int i = 0; i < keywords.size(); i++) {
            Keyword<T> k = keywords.get(i);
            String phrase = normalize(k.phrase()).strip();
            boolean prefix = phrase.endsWith("*");
            if (prefix) {
                phrase = phrase.substring(0, phrase.length() - 1).strip();
            }
            if (phrase.isEmpty()) {
                throw new IllegalArgumentException("empty keyword for " + k.owner());
            }
            checkStart[i] = isLatinWordChar(phrase.charAt(0));
            checkEnd[i] = !prefix && isLatinWordChar(phrase.charAt(phrase.length() - 1));
            patterns.add(phrase);
            normalised.add(new Keyword<>(phrase, k.owner(), k.weight()));
        }
        return new KeywordIndex<>(AhoCorasick.build(patterns), List.copyOf(normalised), checkStart, checkEnd);
    }

    public static String normalize(String text) {
        return TextNormalizer.normalize(text);
    }

    public int size() {
        return keywords.size();
    }

    public Keyword<T> keyword(int index) {
        return keywords.get(index);
    }

    /** Every keyword occurring in {@code normalized} (already passed through {@link #normalize}). */
    public void scan(String normalized, HitSink<T> sink) {
        scanIndices(normalized, (p, start, end) -> sink.hit(keywords.get(p), start, end));
    }

    /** Like {@link #scan} without touching the keyword objects: the cheap path for hot loops. */
    public void scanIndices(String normalized, IndexSink sink) {
        automaton.scan(normalized, (p, start, end) -> {
            if (checkStart[p] && start > 0 && isLatinWordChar(normalized.charAt(start - 1))) {
                return;
            }
            if (checkEnd[p] && end < normalized.length() && isLatinWordChar(normalized.charAt(end))) {
                return;
            }
            sink.hit(p, start, end);
        });
    }

    public List<Hit<T>> find(String normalized) {
        List<Hit<T>> hits = new ArrayList<>();
        scan(normalized, (k, s, e) -> hits.add(new Hit<>(k, s, e)));
        return hits;
    }

    /** Letters and digits of alphabetic scripts; ideographs are not word characters here. */
    static boolean isLatinWordChar(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c) && !Character.isIdeographic(c)
                && Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN;
    }
}
