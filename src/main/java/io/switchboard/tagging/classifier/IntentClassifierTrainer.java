package io.switchboard.tagging.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Trains an {@link IntentClassifier} from labeled examples. Deterministic for a fixed seed. */
public final class IntentClassifierTrainer {

    private final FeatureConfig features;
    private final TrainerConfig trainer;

    public IntentClassifierTrainer() {
        this(FeatureConfig.defaults(), TrainerConfig.defaults());
    }

    public IntentClassifierTrainer(FeatureConfig features, TrainerConfig trainer) {
        this.features = features;
        this.trainer = trainer;
    }

    public FeatureConfig features() {
        return features;
    }

    public TrainerConfig trainerConfig() {
        return trainer;
    }

    public IntentClassifier train(List<LabeledExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        // labels in a fixed (sorted) order so the model does not depend on example order
        String[] labels = new TreeSet<>(examples.stream().map(LabeledExample::label).toList()).toArray(new String[0]);
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            labelIndex.put(labels[i], i);
        }
        List<String> texts = new ArrayList<>(examples.size());
        int[] y = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            texts.add(examples.get(i).text());
            y[i] = labelIndex.get(examples.get(i).label());
        }
        Vectorizer vectorizer = Vectorizer.fit(texts, features);
        List<SparseVector> rows = new ArrayList<>(texts.size());
        for (String t : texts) {
            rows.add(vectorizer.transform(t));
        }
        LinearSvmTrainer.Matrix x = new LinearSvmTrainer.Matrix(rows, vectorizer.dimension());
        LinearSvmTrainer.Weights w = LinearSvmTrainer.train(x, y, labels.length, trainer);
        return new IntentClassifier(labels, vectorizer, w.w(), w.b(), (float) trainer.temperature());
    }
}
