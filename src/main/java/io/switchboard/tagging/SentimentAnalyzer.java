package io.switchboard.tagging;

import io.switchboard.domain.ContactRecord.Sentiment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lexicon-based sentiment and anger for Chinese and English ({@code config/sentiment.yaml}): weighted
 * positive, negative and anger terms, negators and intensifiers just before a term, escalation words
 * (投诉, 12315, lawyer, chargeback …), repeated-contact words (又, 第三次, again …), runs of
 * exclamation marks and SHOUTED words. All lexicon phrases are found in one keyword pass; where
 * phrases overlap the leftmost-longest wins, so 不满意 is read once, not as 不 + 满意.
 *
 * <p>{@code score} runs from -1 (angry, very negative) to +1 (very positive).
 */
public final class SentimentAnalyzer {

    public static final String ANGRY = "angry";
    public static final String NEGATIVE = "negative";
    public static final String NEUTRAL = "neutral";
    public static final String POSITIVE = "positive";

    /** The file's shape; every map is phrase → weight, every list is phrases. */
    public record File(Lexicon lexicon, Scoring scoring) {}

    public record Lexicon(Terms positive, Terms negative, Terms anger, Terms intensifiers, Phrases negators,
            Phrases escalation, Phrases repeated) {}

    public record Terms(Map<String, Double> zh, Map<String, Double> en) {}

    public record Phrases(List<String> zh, List<String> en) {}

    /**
     * @param window           characters before a term in which a negator or intensifier applies
     * @param negationFactor   a negated term counts with the opposite sign, times this
     * @param exclamationRun   this many ! in a row count as one shout
     */
    public record Scoring(int window, double negationFactor, int exclamationRun, double exclamationWeight,
            double escalationWeight, double repeatedWeight, double capsWeight, double angryAt, double negativeAt,
            double positiveAt) {}

    /** The analysis with what it found, for the record's reasons. */
    public record Result(Sentiment sentiment, double anger, double polarity, List<String> cues) {}

    private enum Kind { POSITIVE, NEGATIVE, ANGER, INTENSIFIER, NEGATOR, ESCALATION, REPEATED }

    private record Entry(Kind kind, double weight) {}

    private final Scoring scoring;
    private final KeywordIndex<Entry> index;

    private SentimentAnalyzer(File file) {
        if (file.lexicon() == null || file.scoring() == null) {
            throw new IllegalArgumentException("sentiment file needs 'lexicon' and 'scoring'");
        }
        this.scoring = file.scoring();
        if (scoring.window() < 0 || scoring.exclamationRun() < 1 || !(scoring.angryAt() > 0)) {
            throw new IllegalArgumentException("scoring: window >= 0, exclamation-run >= 1 and angry-at > 0 required");
        }
        Lexicon l = file.lexicon();
        List<KeywordIndex.Keyword<Entry>> all = new ArrayList<>();
        terms(all, l.positive(), Kind.POSITIVE);
        terms(all, l.negative(), Kind.NEGATIVE);
        terms(all, l.anger(), Kind.ANGER);
        terms(all, l.intensifiers(), Kind.INTENSIFIER);
        phrases(all, l.negators(), Kind.NEGATOR);
        phrases(all, l.escalation(), Kind.ESCALATION);
        phrases(all, l.repeated(), Kind.REPEATED);
        index = KeywordIndex.of(all);
    }

    public static SentimentAnalyzer parse(String yaml) {
        return new SentimentAnalyzer(YamlFiles.read(yaml, File.class));
    }

    /**
     * @param original   the text as written (for SHOUTED words)
     * @param normalized the same text through {@link KeywordIndex#normalize}
     */
    public Result analyze(String original, String normalized) {
        List<KeywordIndex.Hit<Entry>> hits = leftmostLongest(index.find(normalized));
        double polarity = 0;
        double anger = 0;
        List<String> cues = new ArrayList<>();
        double intensity = 1;
        boolean negated = false;
        int modifierEnd = -1;
        for (KeywordIndex.Hit<Entry> hit : hits) {
            Entry e = hit.keyword().owner();
            if (modifierEnd >= 0 && (hit.start() - modifierEnd > scoring.window()
                    || clauseBreak(normalized, modifierEnd, hit.start()))) {
                intensity = 1;
                negated = false;
                modifierEnd = -1;
            }
            switch (e.kind()) {
                case INTENSIFIER -> {
                    intensity *= e.weight();
                    modifierEnd = hit.end();
                }
                case NEGATOR -> {
                    negated = !negated;
                    modifierEnd = hit.end();
                }
                case POSITIVE, NEGATIVE, ANGER -> {
                    double sign = e.kind() == Kind.POSITIVE ? 1 : -1;
                    double w = e.weight() * intensity;
                    if (negated) {
                        polarity -= sign * w * scoring.negationFactor();
                        cues.add("not " + hit.keyword().phrase());
                    } else {
                        polarity += sign * w;
                        if (e.kind() == Kind.ANGER) {
                            anger += w;
                        }
                        cues.add(hit.keyword().phrase());
                    }
                    intensity = 1;
                    negated = false;
                    modifierEnd = -1;
                }
                case ESCALATION -> {
                    anger += scoring.escalationWeight();
                    polarity -= scoring.escalationWeight() / 2;
                    cues.add(hit.keyword().phrase());
                }
                case REPEATED -> {
                    anger += scoring.repeatedWeight();
                    cues.add(hit.keyword().phrase());
                }
            }
        }
        int shouts = exclamationRuns(normalized);
        if (shouts > 0) {
            anger += shouts * scoring.exclamationWeight();
            cues.add("!".repeat(scoring.exclamationRun()) + (shouts > 1 ? " x" + shouts : ""));
        }
        int caps = shoutedWords(original);
        if (caps > 0) {
            anger += caps * scoring.capsWeight();
            cues.add("CAPS x" + caps);
        }
        String label;
        if (anger >= scoring.angryAt() && polarity <= 0) {
            label = ANGRY;
        } else if (polarity <= scoring.negativeAt() || anger >= scoring.angryAt()) {
            label = NEGATIVE;
        } else if (polarity >= scoring.positiveAt()) {
            label = POSITIVE;
        } else {
            label = NEUTRAL;
        }
        double raw = label.equals(ANGRY) ? Math.min(polarity, 0) - anger : polarity - anger / 2;
        double score = Math.round(Math.tanh(raw / 3) * 1000) / 1000.0;
        return new Result(new Sentiment(label, score), anger, polarity, List.copyOf(cues));
    }

    private static List<KeywordIndex.Hit<Entry>> leftmostLongest(List<KeywordIndex.Hit<Entry>> hits) {
        hits.sort(Comparator.<KeywordIndex.Hit<Entry>>comparingInt(KeywordIndex.Hit::start)
                .thenComparing(h -> -(h.end() - h.start())));
        List<KeywordIndex.Hit<Entry>> kept = new ArrayList<>();
        int end = 0;
        for (KeywordIndex.Hit<Entry> h : hits) {
            if (h.start() >= end) {
                kept.add(h);
                end = h.end();
            }
        }
        return kept;
    }

    private static boolean clauseBreak(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (",.!?;:。，！？；、\n".indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private int exclamationRuns(String text) {
        int runs = 0;
        int run = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) == '!') {
                run++;
            } else {
                if (run >= scoring.exclamationRun()) {
                    runs++;
                }
                run = 0;
            }
        }
        return runs;
    }

    /** Words of three or more Latin letters, all upper case, in a text that is not upper case throughout. */
    static int shoutedWords(String original) {
        if (original == null) {
            return 0;
        }
        int shouted = 0;
        int lowerLetters = 0;
        int runUpper = 0;
        boolean runHasLower = false;
        for (int i = 0; i <= original.length(); i++) {
            char c = i < original.length() ? original.charAt(i) : ' ';
            if (c < 128 && Character.isLetter(c)) {
                if (Character.isUpperCase(c)) {
                    runUpper++;
                } else {
                    runHasLower = true;
                    lowerLetters++;
                }
            } else {
                if (runUpper >= 3 && !runHasLower) {
                    shouted++;
                }
                runUpper = 0;
                runHasLower = false;
            }
        }
        return lowerLetters == 0 ? 0 : shouted;
    }

    private static void terms(List<KeywordIndex.Keyword<Entry>> out, Terms terms, Kind kind) {
        if (terms == null) {
            return;
        }
        for (Map<String, Double> m : Arrays.asList(terms.zh(), terms.en())) {
            if (m != null) {
                m.forEach((phrase, weight) -> {
                    if (weight == null || !(weight > 0)) {
                        throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " term '" + phrase
                                + "' needs a positive weight");
                    }
                    out.add(new KeywordIndex.Keyword<>(phrase, new Entry(kind, weight), weight));
                });
            }
        }
    }

    private static void phrases(List<KeywordIndex.Keyword<Entry>> out, Phrases phrases, Kind kind) {
        if (phrases == null) {
            return;
        }
        for (List<String> list : Arrays.asList(phrases.zh(), phrases.en())) {
            if (list != null) {
                list.forEach(p -> out.add(new KeywordIndex.Keyword<>(p, new Entry(kind, 1.0), 1.0)));
            }
        }
    }
}
