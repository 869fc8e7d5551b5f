/**
 * Trained intent classifier of the tagging stage (pure Java, no framework).
 *
 * <ul>
 *   <li>{@link io.switchboard.tagging.classifier.IntentClassifierTrainer} trains from
 *       {@link io.switchboard.tagging.classifier.LabeledExample}s (read with
 *       {@link io.switchboard.tagging.classifier.LabeledCsv}).</li>
 *   <li>{@link io.switchboard.tagging.classifier.IntentClassifier} predicts label, confidence and
 *       top-k; it is saved to / loaded from a single versioned binary file.</li>
 *   <li>Command-line entry points: {@code ClassifierEval}, {@code ClassifierTrain},
 *       {@code ClassifierTune} (hyper-parameter search on the training file only) and
 *       {@code ClassifierThroughput}.</li>
 * </ul>
 */
package io.switchboard.tagging.classifier;
