package io.switchboard.tagging;

import java.util.ArrayList;
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
    /** Per keyword (index in {@link #keywords}), the index of its type in {@link #typeIds}. */
    private final int[] keywordType;
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
        for (int i = 0; i < phrases.size(); i++) {
            keywordType[i] = order.indexOf(phrases.get(i).owner());
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
     * Keywords are found in one pass; a phrase repeated in the text counts once. Per hit only an int is
     * recorded, so a dictionary that hits often stays cheap; evidence is assembled once at the end.
     */
    public List<RuleScore> match(String normalized) {
        DistinctHits hits = new DistinctHits();
        keywords.scanIndices(normalized, (p, start, end) -> hits.add(p));
        List<RuleScore> out = null;
        boolean[] done = null;
        for (int i = 0; i < hits.size; i++) {
            int type = keywordType[hits.ids[i]];
            if (done != null && done[type]) {
                continue;
            }
            if (done == null) {
                done = new boolean[typeIds.length];
                out = new ArrayList<>(4);
            }
            done[type] = true;
            out.add(collect(type, hits, i));
        }
        for (Map.Entry<String, Pattern> r : regexes) {
            if (r.getValue().matcher(normalized).find()) {
                out = out == null ? new ArrayList<>(4) : out;
                addRegexHit(out, r.getKey(), "/" + r.getValue().pattern() + "/");
            }
        }
        if (out == null) {
            return List.of();
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }

    /** Score and evidence of {@code type}, whose first hit is hit number {@code from}. */
    private RuleScore collect(int type, DistinctHits hits, int from) {
        double score = 0;
        List<String> evidence = new ArrayList<>(2);
        for (int i = from; i < hits.size; i++) {
            int k = hits.ids[i];
            if (keywordType[k] == type) {
                KeywordIndex.Keyword<String> keyword = keywords.keyword(k);
                score += keyword.weight();
                evidence.add(keyword.phrase());
            }
        }
        return new RuleScore(typeIds[type], score, List.copyOf(evidence));
    }

    private static void addRegexHit(List<RuleScore> out, String type, String evidence) {
        for (int i = 0; i < out.size(); i++) {
            RuleScore s = out.get(i);
            if (s.type().equals(type)) {
                List<String> more = new ArrayList<>(s.evidence());
                more.add(evidence);
                out.set(i, new RuleScore(type, s.score() + 1.0, more));
                return;
            }
        }
        out.add(new RuleScore(type, 1.0, List.of(evidence)));
    }

    /** Keyword indices in order of first occurrence, each once. */
    private static final class DistinctHits {
        int[] ids = new int[16];
        int size;

        void add(int id) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    return;
                }
            }
            if (size == ids.length) {
                ids = java.util.Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
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
