package io.switchboard.tagging;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.tagging.classifier.IntentClassifier;
import io.switchboard.tagging.classifier.IntentClassifierTrainer;
import io.switchboard.tagging.classifier.LabeledCsv;
import io.switchboard.tagging.classifier.Prediction;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The trained intent classifier for the taxonomy. Loaded from the model file when it is newer than
 * the training CSV; otherwise trained from the CSV at start (a few seconds for a few thousand
 * examples) and saved, so an operator who replaces the seed CSV with labeled history gets a new model
 * on the next start without running anything by hand.
 */
@Singleton
public class IntentModel {

    private static final Logger LOG = Logger.getLogger(IntentModel.class);

    private final IntentClassifier classifier;

    @Inject
    public IntentModel(SwitchboardConfig config) {
        this(config.tagging().modelFile().orElse(config.dataDir().resolve("models").resolve("intents.bin")),
                config.tagging().trainingFile());
    }

    public IntentModel(Path modelFile, Path trainingFile) {
        this.classifier = loadOrTrain(modelFile, trainingFile);
    }

    public IntentModel(IntentClassifier classifier) {
        this.classifier = classifier;
    }

    public Prediction predict(String text) {
        return classifier.predict(text, 2);
    }

    private static IntentClassifier loadOrTrain(Path model, Path training) {
        try {
            boolean haveTraining = Files.isRegularFile(training);
            if (Files.isRegularFile(model) && (!haveTraining
                    || Files.getLastModifiedTime(model).compareTo(Files.getLastModifiedTime(training)) >= 0)) {
                IntentClassifier loaded = IntentClassifier.load(model);
                LOG.infof("Intent model loaded from %s: %d intents, %d features", model, loaded.labels().size(),
                        loaded.featureCount());
                return loaded;
            }
            if (!haveTraining) {
                throw new IllegalStateException("no intent model at " + model.toAbsolutePath()
                        + " and no training file at " + training.toAbsolutePath());
            }
            long t0 = System.nanoTime();
            IntentClassifier trained = new IntentClassifierTrainer().train(LabeledCsv.read(training));
            Files.createDirectories(model.toAbsolutePath().getParent());
            trained.save(model);
            LOG.infof("Intent model trained from %s in %d ms (%d intents, %d features), saved to %s", training,
                    (System.nanoTime() - t0) / 1_000_000, trained.labels().size(), trained.featureCount(), model);
            return trained;
        } catch (IOException e) {
            throw new UncheckedIOException("intent model: " + e.getMessage(), e);
        }
    }
}
