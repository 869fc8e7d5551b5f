package io.switchboard.tagging.bench;

import io.switchboard.tagging.KeywordIndex;
import io.switchboard.tagging.Taxonomy;
import io.switchboard.tagging.YamlFiles;
import io.switchboard.tagging.classifier.LabeledCsv;
import io.switchboard.tagging.classifier.LabeledExample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the keyword pass of the tagger costs with 50 rules and with 5,000, on the same messages, in one
 * JVM, one thread. Rules: the shipped taxonomy's own phrases, topped up to 5,000 with phrases cut from
 * the message corpus itself (Chinese 2-4 character runs, English word pairs), so the big dictionary
 * really hits, spread over the taxonomy's types; and, as a second large set, the 50 plus made-up
 * phrases that seldom occur (the dictionary grows, the hits do not). Messages: Banking77 test (English) and the seed CSV
 * (Chinese and English). Measured: what the tagger does with the rules of one normalised message:
 * {@code Taxonomy.match} (one Aho-Corasick pass, scores per type) and the evidence text of every type
 * that fired strongly (what goes into the record's priorityReasons).
 *
 * <pre>usage: KeywordScanBench TAXONOMY.yaml MESSAGES.csv... [--seconds 3]</pre>
 */
public final class KeywordScanBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private KeywordScanBench() {}

    public static void main(String[] args) throws Exception {
        double seconds = 3;
        Path taxonomyFile = null;
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else if (taxonomyFile == null) {
                taxonomyFile = Path.of(args[i]);
            } else {
                LabeledCsv.read(Path.of(args[i])).stream().map(LabeledExample::text).forEach(messages::add);
            }
        }
        if (taxonomyFile == null || messages.isEmpty()) {
            System.err.println("usage: KeywordScanBench TAXONOMY.yaml MESSAGES.csv... [--seconds 3]");
            System.exit(2);
        }
        Taxonomy.File shipped = YamlFiles.read(Files.readString(taxonomyFile), Taxonomy.File.class);
        List<String> normalized = messages.stream().map(KeywordIndex::normalize).toList();
        List<String> phrases = phrases(shipped, normalized, 5000);
        Taxonomy small = taxonomy(shipped, phrases.subList(0, 50));
        Taxonomy large = taxonomy(shipped, phrases);
        Taxonomy rare = taxonomy(shipped, rarePhrases(phrases.subList(0, 50), 5000));
        long chars = normalized.stream().mapToLong(String::length).sum();
        System.out.printf(Locale.ROOT, "messages=%d avgChars=%.1f rules: small=%d large=%d%n", normalized.size(),
                (double) chars / normalized.size(), small.keywordCount(), large.keywordCount());
        System.out.printf(Locale.ROOT, "hits per message: small=%.2f large=%.2f rare=%.2f%n", hits(small, normalized),
                hits(large, normalized), hits(rare, normalized));
        Map<String, Taxonomy> dictionaries = new LinkedHashMap<>();
        dictionaries.put("50 rules", small);
        dictionaries.put("5000 rules", large);
        dictionaries.put("5000 rare", rare);
        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("scan", KeywordScanBench::scanOnly);
        stages.put("match", (t, m) -> t.match(m).size());
        stages.put("match+reasons", KeywordScanBench::matchAndDescribe);
        int rounds = 5;
        Map<String, double[]> results = new LinkedHashMap<>();
        for (int round = -1; round < rounds; round++) { // round -1 warms up; rounds alternate between all nine
            for (Map.Entry<String, Stage> stage : stages.entrySet()) {
                for (Map.Entry<String, Taxonomy> d : dictionaries.entrySet()) {
                    double ns = run(d.getValue(), stage.getValue(), normalized, round < 0 ? 1 : seconds);
                    if (round >= 0) {
                        results.computeIfAbsent(stage.getKey() + "|" + d.getKey(), k -> new double[rounds])[round] = ns;
                    }
                }
            }
        }
        System.out.println("CPU-ns per message, median of " + rounds + " rounds (min); ratio to 50 rules of the medians (of the minima)");
        System.out.println("  scan = Aho-Corasick pass with word-boundary checks; match = scan + dedupe + score per type (Taxonomy.match);");
        System.out.println("  match+reasons = match + the evidence text of every strongly fired type, as the tagger writes it");
        for (String stage : stages.keySet()) {
            double[] base = sorted(results.get(stage + "|50 rules"));
            for (String d : dictionaries.keySet()) {
                double[] v = sorted(results.get(stage + "|" + d));
                System.out.printf(Locale.ROOT, "%-14s %-11s %6.0f (%6.0f)  ratio %.2f (%.2f)%n", stage, d, v[rounds / 2], v[0],
                        v[rounds / 2] / base[rounds / 2], v[0] / base[0]);
            }
        }
    }

    /** One way of using the rules on one normalised message; returns something so the JIT keeps the work. */
    @FunctionalInterface
    private interface Stage {
        int apply(Taxonomy taxonomy, String normalized);
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static int scanOnly(Taxonomy t, String normalized) {
        int[] hits = {0};
        t.keywordIndex().scanIndices(normalized, (k, start, end) -> hits[0]++);
        return hits[0];
    }

    private static double hits(Taxonomy t, List<String> texts) {
        long n = 0;
        for (String m : texts) {
            n += t.match(m).scores().stream().mapToLong(r -> r.evidence().size()).sum();
        }
        return (double) n / texts.size();
    }

    /**
     * Thread-CPU ns per message over {@code seconds} of wall time: on a shared machine wall time includes
     * waiting for a core, CPU time is the cost itself.
     */
    private static double run(Taxonomy t, Stage stage, List<String> texts, double seconds) {
        long sink = 0;
        long n = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            for (int j = 0; j < 500; j++) {
                sink += stage.apply(t, texts.get((int) (n++ % texts.size())));
            }
        } while (System.nanoTime() < end);
        if (sink == 42) {
            System.out.print("");
        }
        return (THREADS.getCurrentThreadCpuTime() - cpu0) / (double) n;
    }

    /** What the tagger does with the rules: match, then the evidence of the strong types in words. */
    private static int matchAndDescribe(Taxonomy t, String normalized) {
        Taxonomy.RuleHits hits = t.match(normalized);
        int strong = hits.countAtLeast(t.strongScore());
        if (strong == 0) {
            return hits.size();
        }
        StringBuilder reason = new StringBuilder(64 * strong);
        for (int i = 0; i < strong; i++) {
            hits.describe(i, i == 0 ? reason : reason.append(", "));
        }
        return reason.length();
    }

    private static List<String> phrases(Taxonomy.File shipped, List<String> corpus, int total) {
        Set<String> out = new LinkedHashSet<>();
        for (Taxonomy.TypeDef t : shipped.types()) {
            if (t.keywords() != null) {
                add(out, t.keywords().zh());
                add(out, t.keywords().en());
            }
        }
        SplittableRandom rnd = new SplittableRandom(1);
        while (out.size() < total) {
            String m = corpus.get(rnd.nextInt(corpus.size()));
            if (m.isEmpty()) {
                continue;
            }
            int start = rnd.nextInt(m.length());
            if (Character.isIdeographic(m.charAt(start))) {
                int len = 2 + rnd.nextInt(3);
                if (start + len <= m.length() && m.substring(start, start + len).codePoints().allMatch(Character::isIdeographic)) {
                    out.add(m.substring(start, start + len));
                }
            } else {
                String[] words = m.substring(start).split("[^a-z0-9']+");
                if (words.length >= 3 && !words[1].isEmpty() && !words[2].isEmpty()) {
                    out.add(words[1] + " " + words[2]);
                }
            }
        }
        List<String> list = new ArrayList<>(out);
        return list.subList(0, total);
    }

    /** {@code base} plus made-up words and CJK pairs up to {@code total}: a big dictionary that seldom hits. */
    private static List<String> rarePhrases(List<String> base, int total) {
        Set<String> out = new LinkedHashSet<>(base);
        SplittableRandom rnd = new SplittableRandom(2);
        while (out.size() < total) {
            StringBuilder sb = new StringBuilder();
            if (rnd.nextBoolean()) {
                for (int i = 0, len = 5 + rnd.nextInt(5); i < len; i++) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
            } else {
                for (int i = 0, len = 2 + rnd.nextInt(3); i < len; i++) {
                    sb.append((char) (0x4e00 + rnd.nextInt(0x5000)));
                }
            }
            out.add(sb.toString());
        }
        return new ArrayList<>(out);
    }

    private static void add(Set<String> out, List<String> phrases) {
        if (phrases != null) {
            phrases.forEach(p -> out.add(p.endsWith("*") ? p.substring(0, p.length() - 1) : p));
        }
    }

    /** The shipped taxonomy with its keywords replaced by {@code phrases}, dealt round-robin over its types. */
    private static Taxonomy taxonomy(Taxonomy.File shipped, List<String> phrases) {
        List<List<String>> perType = new ArrayList<>();
        shipped.types().forEach(t -> perType.add(new ArrayList<>()));
        for (int i = 0; i < phrases.size(); i++) {
            perType.get(i % perType.size()).add(phrases.get(i));
        }
        List<Taxonomy.TypeDef> types = new ArrayList<>();
        for (int i = 0; i < shipped.types().size(); i++) {
            Taxonomy.TypeDef t = shipped.types().get(i);
            types.add(new Taxonomy.TypeDef(t.id(), t.zh(), t.en(), new Taxonomy.Phrases(List.of(), perType.get(i)),
                    null, null));
        }
        return Taxonomy.of(new Taxonomy.File(shipped.rules(), shipped.entities(), shipped.families(), types));
    }
}
