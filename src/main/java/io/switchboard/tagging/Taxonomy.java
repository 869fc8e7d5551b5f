package io.switchboard.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The problem taxonomy of {@code config/taxonomy.yaml}: families, concrete types with their Chinese
 * and English keyword rules and optional regexes, compiled into one {@link KeywordIndex}, plus the
 * entity patterns. Immutable: a reload builds a new one.
 */
public final class Taxonomy {

    /** The file's shape. */
    public record File(Rules rules, Entities entities, List<Family> families, List<TypeDef> types) {}

    /**
     * @param strongScore         summed keyword weight at which a type counts as fired with high confidence
     * @param hintWeight          weight of one hint phrase (keywords weigh 1, regexes weigh 1)
     * @param modelMinConfidence  the classifier's tag is used only at or above this probability
     */
    public record Rules(double strongScore, double hintWeight, double modelMinConfidence) {}

    /** @param orderNumbers regexes; group 1, if present, is the number itself */
    public record Entities(String zone, List<String> orderNumbers) {}

    public record Family(String id, String zh, String en) {}

    public record Phrases(List<String> zh, List<String> en) {
        List<String> all() {
            List<String> out = new ArrayList<>();
            if (zh != null) {
                out.addAll(zh);
            }
            if (en != null) {
                out.addAll(en);
            }
            return out;
        }
    }

    public record TypeDef(String id, String zh, String en, Phrases keywords, Phrases hints, List<String> patterns) {}

    /** Why a type fired: its summed weight and the phrases (or regexes) that matched. */
    public record RuleScore(String type, double score, List<String> evidence) {}

    private static final Pattern TYPE_ID = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

    private final File file;
    private final Map<String, TypeDef> types = new LinkedHashMap<>();
    private final KeywordIndex<String> keywords;
    /** Per keyword (index in {@link #keywords}), the index of its type in {@link #typeIds}, and its weight. */
    private final int[] keywordType;
    private final double[] keywordWeight;
    /** Per regex (index in {@link #regexes}), the index of its type in {@link #typeIds}. */
    private final int[] regexType;
    private final String[] typeIds;
    private final List<Map.Entry<String, Pattern>> regexes = new ArrayList<>();
    private final List<Pattern> orderNumberPatterns = new ArrayList<>();

    private Taxonomy(File file) {
        this.file = file;
        if (file.rules() == null || !(file.rules().strongScore() > 0) || !(file.rules().hintWeight() > 0)
                || !(file.rules().modelMinConfidence() >= 0 && file.rules().modelMinConfidence() <= 1)) {
            throw new IllegalArgumentException(
                    "rules: strong-score and hint-weight must be > 0, model-min-confidence within 0..1");
        }
        Set<String> families = new HashSet<>();
        for (Family f : require(file.families(), "families")) {
            if (f.id() == null || !families.add(f.id())) {
                throw new IllegalArgumentException("family id missing or repeated: " + f.id());
            }
        }
        List<KeywordIndex.Keyword<String>> phrases = new ArrayList<>();
        for (TypeDef t : require(file.types(), "types")) {
            if (t.id() == null || !TYPE_ID.matcher(t.id()).matches()) {
                throw new IllegalArgumentException("type id '" + t.id() + "' must look like family.name[.detail]");
            }
            if (!families.contains(t.id().substring(0, t.id().indexOf('.')))) {
                throw new IllegalArgumentException("type " + t.id() + " is not in a declared family " + families);
            }
            if (types.put(t.id(), t) != null) {
                throw new IllegalArgumentException("type " + t.id() + " is declared twice");
            }
            if (t.zh() == null || t.en() == null) {
                throw new IllegalArgumentException("type " + t.id() + " needs a zh and an en name");
            }
            if (t.keywords() != null) {
                t.keywords().all().forEach(p -> phrases.add(new KeywordIndex.Keyword<>(p, t.id(), 1.0)));
            }
            if (t.hints() != null) {
                double w = file.rules().hintWeight();
                t.hints().all().forEach(p -> phrases.add(new KeywordIndex.Keyword<>(p, t.id(), w)));
            }
            for (String regex : t.patterns() == null ? List.<String>of() : t.patterns()) {
                regexes.add(Map.entry(t.id(), compile(regex, "type " + t.id())));
            }
        }
        try {
            keywords = KeywordIndex.of(phrases);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keyword rules: " + e.getMessage(), e);
        }
        typeIds = types.keySet().toArray(new String[0]);
        List<String> order = List.of(typeIds);
        keywordType = new int[phrases.size()];
        keywordWeight = new double[phrases.size()];
        for (int i = 0; i < phrases.size(); i++) {
            keywordType[i] = order.indexOf(phrases.get(i).owner());
            keywordWeight[i] = phrases.get(i).weight();
        }
        regexType = new int[regexes.size()];
        for (int i = 0; i < regexes.size(); i++) {
            regexType[i] = order.indexOf(regexes.get(i).getKey());
        }
        if (file.entities() != null && file.entities().orderNumbers() != null) {
            for (String regex : file.entities().orderNumbers()) {
                orderNumberPatterns.add(compile(regex, "entities.order-numbers"));
            }
        }
    }

    public static Taxonomy parse(String yaml) {
        return of(YamlFiles.read(yaml, File.class));
    }

    public static Taxonomy of(File file) {
        return new Taxonomy(file);
    }

    public Set<String> typeIds() {
        return types.keySet();
    }

    /** The compiled keyword phrases of all types (for measuring the scan on its own). */
    public KeywordIndex<String> keywordIndex() {
        return keywords;
    }

    public int keywordCount() {
        return keywords.size();
    }

    public double strongScore() {
        return file.rules().strongScore();
    }

    public double modelMinConfidence() {
        return file.rules().modelMinConfidence();
    }

    public List<Pattern> orderNumberPatterns() {
        return List.copyOf(orderNumberPatterns);
    }

    public String zone() {
        return file.entities() == null || file.entities().zone() == null ? "Asia/Shanghai" : file.entities().zone();
    }

    /**
     * Types whose rules fire on {@code normalized} text (see {@link KeywordIndex#normalize}), best first.
     * Keywords are found in one pass; a phrase repeated in the text counts once. Per hit only the
     * keyword's index and its type's running score are kept (profiled: building a scored evidence list
     * for every type that fired cost ~450 ns per hit, more than the scan); evidence is put into words
     * only for the types someone asks about.
     */
    public RuleHits match(String normalized) {
        RuleHits hits = new RuleHits(this);
        keywords.scanIndices(normalized, (k, start, end) -> hits.addKeyword(k));
        for (int r = 0; r < regexes.size(); r++) {
            if (regexes.get(r).getValue().matcher(normalized).find()) {
                hits.addRegex(r);
            }
        }
        hits.rank();
        return hits;
    }

    /**
     * The types a text's rules fired for, with their summed weights, best first (ties in order of first
     * appearance). {@link #scores()} spells out the evidence; the accessors by rank do not.
     */
    public static final class RuleHits {
        private final Taxonomy taxonomy;
        /** Distinct keyword indices (regexes as {@code -1 - regexIndex}) in order of first occurrence. */
        private int[] found; // allocated at the first hit: most messages of a small dictionary have none
        private int foundCount;
        private int[] types;
        private double[] typeScores;
        private int typeCount;
        private List<RuleScore> scores;

        private RuleHits(Taxonomy taxonomy) {
            this.taxonomy = taxonomy;
        }

        private void addKeyword(int keyword) {
            for (int i = 0; i < foundCount; i++) {
                if (found[i] == keyword) {
                    return;
                }
            }
            remember(keyword, taxonomy.keywordType[keyword], taxonomy.keywordWeight[keyword]);
        }

        private void addRegex(int regex) {
            remember(-1 - regex, taxonomy.regexType[regex], 1.0);
        }

        private void remember(int id, int type, double weight) {
            if (found == null) {
                found = new int[8];
                types = new int[4];
                typeScores = new double[4];
            }
            if (foundCount == found.length) {
                found = Arrays.copyOf(found, foundCount * 2);
            }
            found[foundCount++] = id;
            for (int i = 0; i < typeCount; i++) {
                if (types[i] == type) {
                    typeScores[i] += weight;
                    return;
                }
            }
            if (typeCount == types.length) {
                types = Arrays.copyOf(types, typeCount * 2);
                typeScores = Arrays.copyOf(typeScores, typeCount * 2);
            }
            types[typeCount] = type;
            typeScores[typeCount++] = weight;
        }

        /** Stable insertion sort by score, highest first: a handful of types. */
        private void rank() {
            for (int i = 1; i < typeCount; i++) {
                int t = types[i];
                double score = typeScores[i];
                int j = i - 1;
                while (j >= 0 && typeScores[j] < score) {
                    types[j + 1] = types[j];
                    typeScores[j + 1] = typeScores[j];
                    j--;
                }
                types[j + 1] = t;
                typeScores[j + 1] = score;
            }
        }

        public int size() {
            return typeCount;
        }

        public boolean isEmpty() {
            return typeCount == 0;
        }

        public String type(int rank) {
            return taxonomy.typeIds[types[checked(rank)]];
        }

        public double score(int rank) {
            return typeScores[checked(rank)];
        }

        /** How many types reached {@code minimum} (they come first). */
        public int countAtLeast(double minimum) {
            int n = 0;
            while (n < typeCount && typeScores[n] >= minimum) {
                n++;
            }
            return n;
        }

        /** Appends {@code type (phrase, phrase)} for the type of this rank: the evidence without a list per type. */
        public StringBuilder describe(int rank, StringBuilder out) {
            int type = types[checked(rank)];
            out.append(taxonomy.typeIds[type]).append(" (");
            boolean first = true;
            for (int i = 0; i < foundCount; i++) {
                String phrase = phraseOf(found[i], type);
                if (phrase != null) {
                    if (!first) {
                        out.append(", ");
                    }
                    out.append(phrase);
                    first = false;
                }
            }
            return out.append(')');
        }

        /** Every type with its score and the phrases (or {@code /regex/}) that fired, best first. */
        public List<RuleScore> scores() {
            if (scores == null) {
                List<RuleScore> out = new ArrayList<>(typeCount);
                for (int i = 0; i < typeCount; i++) {
                    out.add(new RuleScore(type(i), typeScores[i], evidence(types[i])));
                }
                scores = List.copyOf(out);
            }
            return scores;
        }

        private List<String> evidence(int type) {
            List<String> out = new ArrayList<>(2);
            for (int i = 0; i < foundCount; i++) {
                String phrase = phraseOf(found[i], type);
                if (phrase != null) {
                    out.add(phrase);
                }
            }
            return List.copyOf(out);
        }

        /** The phrase (or {@code /regex/}) of a found id if it belongs to {@code type}, else null. */
        private String phraseOf(int id, int type) {
            if (id >= 0) {
                return taxonomy.keywordType[id] == type ? taxonomy.keywords.keyword(id).phrase() : null;
            }
            return taxonomy.regexType[-1 - id] == type
                    ? "/" + taxonomy.regexes.get(-1 - id).getValue().pattern() + "/" : null;
        }

        private int checked(int rank) {
            if (rank < 0 || rank >= typeCount) {
                throw new IndexOutOfBoundsException("rank " + rank + " of " + typeCount);
            }
            return rank;
        }
    }

    private static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": invalid regex " + regex + ": " + e.getDescription(), e);
        }
    }

    private static <T> List<T> require(List<T> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return list;
    }
}
