package io.switchboard.tagging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.tagging.classifier.Evaluation;
import io.switchboard.tagging.classifier.IntentClassifier;
import io.switchboard.tagging.classifier.IntentClassifierTrainer;
import io.switchboard.tagging.classifier.LabeledCsv;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Accuracy of the product's own taxonomy on a labelled message set ({@code text,label,script}, script
 * {@code hans} or {@code hant}): the intent model alone and the whole tagger (keyword rules, then the
 * model), by family and by type, macro-F1, Simplified against Traditional script, and a per-family
 * confusion summary. Only totals are printed, except for the sets named after {@code --errors} (meant for
 * the dev set): the test set's individual mistakes are not looked at, so that nothing is tuned to it.
 *
 * <pre>usage: TaxonomyEvaluation TAXONOMY.yaml SENTIMENT.yaml TRAINING.csv SET.csv... [--errors DEV.csv]</pre>
 */
public final class TaxonomyEvaluation {

    static final String NONE = "none";

    /** One labelled message and the script it is written in. */
    public record Example(String text, String label, String script) {}

    /** What one decider said for each example, scored. */
    public record Scores(String name, Evaluation type, double familyAccuracy, Map<String, Double> typeAccuracyByScript,
            Map<String, Double> familyAccuracyByScript, Map<String, Map<String, Integer>> familyConfusion) {}

    private TaxonomyEvaluation() {}

    public static void main(String[] args) throws Exception {
        List<Path> sets = new ArrayList<>();
        Set<Path> showErrors = new java.util.HashSet<>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--errors")) {
                showErrors.add(Path.of(args[++i]));
            } else {
                sets.add(Path.of(args[i]));
            }
        }
        sets.addAll(showErrors.stream().filter(p -> !sets.contains(p)).toList());
        if (sets.isEmpty()) {
            System.err.println("usage: TaxonomyEvaluation TAXONOMY.yaml SENTIMENT.yaml TRAINING.csv SET.csv... [--errors DEV.csv]");
            System.exit(2);
        }
        Taxonomy taxonomy = Taxonomy.parse(Files.readString(Path.of(args[0])));
        SentimentAnalyzer sentiment = SentimentAnalyzer.parse(Files.readString(Path.of(args[1])));
        IntentClassifier model = new IntentClassifierTrainer().train(LabeledCsv.read(Path.of(args[2])));
        Tagger tagger = new Tagger(() -> taxonomy, () -> sentiment, new IntentModel(model), "CN", Set.of(),
                new SimpleMeterRegistry());
        EntityExtractor entities = new EntityExtractor(taxonomy.orderNumberPatterns(), ZoneId.of(taxonomy.zone()), "CN");
        Map<String, Function<String, String>> deciders = new LinkedHashMap<>();
        deciders.put("intent model alone", text -> model.predict(text, 1).label());
        deciders.put("tagger (rules, then model)", text -> primaryTag(tagger.tag(record(text), taxonomy, sentiment,
                entities), taxonomy));
        for (Path file : sets) {
            List<Example> set = read(file);
            System.out.printf(Locale.ROOT, "== %s: %d messages (hans %d, hant %d), %d types; model trained on %s%n", file,
                    set.size(), count(set, "hans"), count(set, "hant"), taxonomy.typeIds().size(), args[2]);
            evaluate(set, deciders, showErrors.contains(file));
        }
    }

    private static void evaluate(List<Example> set, Map<String, Function<String, String>> deciders, boolean showErrors) {
        for (Map.Entry<String, Function<String, String>> d : deciders.entrySet()) {
            List<String> predicted = set.stream().map(e -> d.getValue().apply(e.text())).toList();
            print(score(d.getKey(), set, predicted));
            if (showErrors) {
                for (int i = 0; i < set.size(); i++) {
                    if (!set.get(i).label().equals(predicted.get(i))) {
                        System.out.println("  wrong: " + set.get(i).label() + " -> " + predicted.get(i) + "  "
                                + set.get(i).text());
                    }
                }
            }
        }
    }

    static ContactRecord record(String text) {
        return ContactRecord.builder().id("eval").channel(Channel.CHAT).receivedAt(Instant.EPOCH).text(text).build();
    }

    /** The first taxonomy tag the tagger gave, or {@link #NONE}. */
    static String primaryTag(ContactRecord tagged, Taxonomy taxonomy) {
        return tagged.tags().stream().filter(taxonomy.typeIds()::contains).findFirst().orElse(NONE);
    }

    static String family(String type) {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    public static Scores score(String name, List<Example> set, List<String> predicted) {
        List<String> gold = set.stream().map(Example::label).toList();
        Evaluation type = Evaluation.of(gold, predicted);
        Map<String, int[]> typeByScript = new LinkedHashMap<>();
        Map<String, int[]> familyByScript = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        int familyRight = 0;
        for (int i = 0; i < set.size(); i++) {
            Example e = set.get(i);
            String goldFamily = family(e.label());
            String predictedFamily = family(predicted.get(i));
            boolean familyOk = goldFamily.equals(predictedFamily);
            familyRight += familyOk ? 1 : 0;
            tally(typeByScript, e.script(), e.label().equals(predicted.get(i)));
            tally(familyByScript, e.script(), familyOk);
            confusion.computeIfAbsent(goldFamily, k -> new LinkedHashMap<>()).merge(predictedFamily, 1, Integer::sum);
        }
        return new Scores(name, type, set.isEmpty() ? 0 : (double) familyRight / set.size(), rates(typeByScript),
                rates(familyByScript), confusion);
    }

    private static void tally(Map<String, int[]> counts, String key, boolean right) {
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0] += right ? 1 : 0;
        c[1]++;
    }

    private static Map<String, Double> rates(Map<String, int[]> counts) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
        return out;
    }

    static void print(Scores s) {
        System.out.printf(Locale.ROOT, "%-28s family=%.4f type=%.4f macroF1=%.4f | type hans=%.4f hant=%.4f"
                        + " | family hans=%.4f hant=%.4f%n", s.name(), s.familyAccuracy(), s.type().accuracy(),
                s.type().macroF1(), s.typeAccuracyByScript().getOrDefault("hans", Double.NaN),
                s.typeAccuracyByScript().getOrDefault("hant", Double.NaN),
                s.familyAccuracyByScript().getOrDefault("hans", Double.NaN),
                s.familyAccuracyByScript().getOrDefault("hant", Double.NaN));
        StringBuilder confusion = new StringBuilder("  families (gold -> predicted):");
        s.familyConfusion().forEach((gold, row) -> {
            confusion.append(' ').append(gold).append(" ->");
            row.forEach((p, n) -> confusion.append(' ').append(p).append('=').append(n));
            confusion.append(';');
        });
        System.out.println(confusion);
    }

    private static long count(List<Example> set, String script) {
        return set.stream().filter(e -> e.script().equals(script)).count();
    }

    public static List<Example> read(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                String script = row.get("script");
                if (!script.equals("hans") && !script.equals("hant")) {
                    throw new IOException(file + " line " + row.getRecordNumber() + ": script must be hans or hant");
                }
                out.add(new Example(row.get("text"), row.get("label"), script));
            }
        }
        return out;
    }
}
