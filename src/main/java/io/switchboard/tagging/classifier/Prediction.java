package io.switchboard.tagging.classifier;

import java.util.List;

/**
 * Classifier output.
 *
 * @param label      best intent
 * @param confidence probability of the best intent (softmax of temperature-scaled margins)
 * @param topK       best candidates in descending order (first element is {@code label})
 */
public record Prediction(String label, double confidence, List<ScoredLabel> topK) {
    public Prediction {
        topK = List.copyOf(topK);
    }
}
