package io.switchboard.tagging.classifier;

/**
 * One candidate intent.
 *
 * @param label       intent label, verbatim from the training data
 * @param probability softmax of the temperature-scaled margins (sums to 1 over all labels)
 * @param margin      raw linear score of the one-vs-rest model for this label
 */
public record ScoredLabel(String label, double probability, double margin) {
}
