package io.switchboard.tagging.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, macro-F1 and mean log-loss of a classifier on labeled examples. Macro-F1 averages the
 * per-label F1 over every label occurring in the gold data or the predictions (as scikit-learn).
 */
public record Evaluation(int total, int correct, double accuracy, double macroF1, double logLoss) {

    public static Evaluation of(IntentClassifier model, List<LabeledExample> examples) {
        List<String> predicted = new ArrayList<>(examples.size());
        double logLoss = 0;
        List<String> labels = model.labels();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        double t = model.temperature();
        for (LabeledExample e : examples) {
            float[] s = model.scores(e.text());
            int best = IntentClassifier.argmax(s);
            predicted.add(labels.get(best));
            Integer gold = index.get(e.label());
            double max = s[best];
            double sum = 0;
            for (float v : s) {
                sum += Math.exp(t * (v - max));
            }
            double p = gold == null ? 0 : Math.exp(t * (s[gold] - max)) / sum;
            logLoss += -Math.log(Math.max(p, 1e-15));
        }
        Evaluation ev = of(examples.stream().map(LabeledExample::label).toList(), predicted);
        return new Evaluation(ev.total, ev.correct, ev.accuracy, ev.macroF1,
                examples.isEmpty() ? 0 : logLoss / examples.size());
    }

    public static Evaluation of(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("size mismatch");
        }
        Map<String, int[]> counts = new HashMap<>(); // tp, fp, fn
        TreeSet<String> all = new TreeSet<>(gold);
        all.addAll(predicted);
        for (String l : all) {
            counts.put(l, new int[3]);
        }
        int correct = 0;
        for (int i = 0; i < gold.size(); i++) {
            String g = gold.get(i);
            String p = predicted.get(i);
            if (g.equals(p)) {
                correct++;
                counts.get(g)[0]++;
            } else {
                counts.get(p)[1]++;
                counts.get(g)[2]++;
            }
        }
        double f1Sum = 0;
        for (String l : all) {
            int[] c = counts.get(l);
            double denom = 2.0 * c[0] + c[1] + c[2];
            f1Sum += denom == 0 ? 0 : 2.0 * c[0] / denom;
        }
        int n = gold.size();
        return new Evaluation(n, correct, n == 0 ? 0 : (double) correct / n,
                all.isEmpty() ? 0 : f1Sum / all.size(), Double.NaN);
    }
}
