package io.switchboard.tagging.classifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Hyper-parameter search on repeated stratified held-out splits of the TRAINING file only (the test
 * set is never read). Coordinate-wise search: starting from the current defaults, each parameter
 * is varied in turn while the others stay fixed, keeping a change only if held-out accuracy
 * improves (mean over the splits; ties broken by macro-F1); the whole sweep is repeated for the given number of rounds.
 * Finally the softmax temperature is fitted by minimising held-out log-loss.
 *
 * <pre>usage: ClassifierTune TRAIN.csv [--holdout 0.2] [--split-seed 7] [--repeats 3] [--rounds 3] [--threads 2]</pre>
 */
public final class ClassifierTune {

    private ClassifierTune() {
    }

    record Candidate(FeatureConfig f, TrainerConfig t) {
    }

    public static void main(String[] args) throws Exception {
        Path train = Path.of(args[0]);
        double holdout = 0.2;
        long splitSeed = 7;
        int rounds = 3;
        int threads = 2;
        int repeats = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--holdout" -> holdout = Double.parseDouble(args[++i]);
                case "--split-seed" -> splitSeed = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<LabeledExample> all = LabeledCsv.read(train);
        List<List<List<LabeledExample>>> splits = new ArrayList<>();
        for (int s = 0; s < repeats; s++) {
            splits.add(stratifiedSplit(all, holdout, splitSeed + s));
        }
        System.out.printf(Locale.ROOT, "repeated stratified hold-out: %d splits of fit=%d dev=%d (seeds %d..)%n",
                repeats, splits.get(0).get(0).size(), splits.get(0).get(1).size(), splitSeed);

        Map<String, List<UnaryOperator<Candidate>>> grid = new LinkedHashMap<>();
        grid.put("C", List.of(c -> new Candidate(c.f, c.t.withC(0.1)), c -> new Candidate(c.f, c.t.withC(0.25)),
                c -> new Candidate(c.f, c.t.withC(0.5)), c -> new Candidate(c.f, c.t.withC(1.0)),
                c -> new Candidate(c.f, c.t.withC(2.0)), c -> new Candidate(c.f, c.t.withC(4.0))));
        grid.put("charRange", List.of(c -> new Candidate(c.f.withCharRange(1, 5), c.t),
                c -> new Candidate(c.f.withCharRange(2, 4), c.t), c -> new Candidate(c.f.withCharRange(2, 5), c.t),
                c -> new Candidate(c.f.withCharRange(2, 6), c.t), c -> new Candidate(c.f.withCharRange(3, 6), c.t)));
        grid.put("wordNgramMax", List.of(c -> new Candidate(c.f.withWordNgramMax(1), c.t),
                c -> new Candidate(c.f.withWordNgramMax(2), c.t)));
        grid.put("minDf", List.of(c -> new Candidate(c.f.withMinDf(1), c.t), c -> new Candidate(c.f.withMinDf(2), c.t),
                c -> new Candidate(c.f.withMinDf(3), c.t)));
        grid.put("wordWeight", List.of(c -> new Candidate(c.f.withWordWeight(0.5f), c.t),
                c -> new Candidate(c.f.withWordWeight(0.75f), c.t), c -> new Candidate(c.f.withWordWeight(1.0f), c.t),
                c -> new Candidate(c.f.withWordWeight(1.5f), c.t)));
        grid.put("sublinearTf", List.of(c -> new Candidate(c.f.withSublinearTf(true), c.t),
                c -> new Candidate(c.f.withSublinearTf(false), c.t)));

        Candidate best = new Candidate(FeatureConfig.defaults(), TrainerConfig.defaults().withThreads(threads));
        Map<Candidate, Evaluation> cache = new LinkedHashMap<>();
        Evaluation bestEv = rounds > 0 ? evaluate(best, splits, cache) : null;
        for (int r = 0; r < rounds; r++) {
            boolean changed = false;
            for (Map.Entry<String, List<UnaryOperator<Candidate>>> e : grid.entrySet()) {
                for (UnaryOperator<Candidate> op : e.getValue()) {
                    Candidate c = op.apply(best);
                    Evaluation ev = evaluate(c, splits, cache);
                    if (ev.accuracy() > bestEv.accuracy()
                            || (ev.accuracy() == bestEv.accuracy() && ev.macroF1() > bestEv.macroF1())) {
                        best = c;
                        bestEv = ev;
                        changed = true;
                        System.out.println("  -> new best (" + e.getKey() + ")");
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        System.out.println("BEST " + best.f + " " + best.t);
        if (bestEv != null) {
            System.out.printf(Locale.ROOT, "BEST dev accuracy=%.4f macroF1=%.4f%n", bestEv.accuracy(), bestEv.macroF1());
        }

        // temperature: minimise dev log-loss (argmax unaffected)
        List<IntentClassifier> models = new ArrayList<>();
        for (List<List<LabeledExample>> sp : splits) {
            models.add(new IntentClassifierTrainer(best.f, best.t).train(sp.get(0)));
        }
        double bestT = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double t : new double[] {2, 3, 4, 4.5, 5, 5.5, 6, 7, 8, 10}) {
            double loss = 0;
            for (int s = 0; s < splits.size(); s++) {
                loss += Evaluation.of(models.get(s).withTemperature((float) t), splits.get(s).get(1)).logLoss();
            }
            loss /= splits.size();
            System.out.printf(Locale.ROOT, "temperature=%.1f dev logLoss=%.4f%n", t, loss);
            if (loss < bestLoss) {
                bestLoss = loss;
                bestT = t;
            }
        }
        System.out.printf(Locale.ROOT, "BEST temperature=%.1f logLoss=%.4f%n", bestT, bestLoss);
    }

    private static Evaluation evaluate(Candidate c, List<List<List<LabeledExample>>> splits,
                                       Map<Candidate, Evaluation> cache) {
        Evaluation cached = cache.get(c);
        if (cached != null) {
            return cached;
        }
        long t0 = System.nanoTime();
        double acc = 0;
        double f1 = 0;
        IntentClassifier m = null;
        for (List<List<LabeledExample>> sp : splits) {
            m = new IntentClassifierTrainer(c.f, c.t).train(sp.get(0));
            Evaluation e = Evaluation.of(m, sp.get(1));
            acc += e.accuracy();
            f1 += e.macroF1();
        }
        Evaluation ev = new Evaluation(0, 0, acc / splits.size(), f1 / splits.size(), Double.NaN);
        System.out.printf(Locale.ROOT, "dev accuracy=%.4f macroF1=%.4f features=%d time=%.1fs  %s C=%s%n",
                ev.accuracy(), ev.macroF1(), m.featureCount(), (System.nanoTime() - t0) / 1e9, c.f, c.t.c());
        cache.put(c, ev);
        return ev;
    }

    /** Splits per label: a fraction {@code holdout} of each label's examples goes to the dev part. */
    static List<List<LabeledExample>> stratifiedSplit(List<LabeledExample> all, double holdout, long seed) {
        Map<String, List<LabeledExample>> byLabel = new java.util.TreeMap<>();
        for (LabeledExample e : all) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LabeledExample> fit = new ArrayList<>();
        List<LabeledExample> dev = new ArrayList<>();
        for (List<LabeledExample> group : byLabel.values()) {
            List<LabeledExample> g = new ArrayList<>(group);
            for (int i = g.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                LabeledExample t = g.get(i);
                g.set(i, g.get(j));
                g.set(j, t);
            }
            int nDev = (int) Math.round(g.size() * holdout);
            dev.addAll(g.subList(0, nDev));
            fit.addAll(g.subList(nDev, g.size()));
        }
        return List.of(fit, dev);
    }
}
