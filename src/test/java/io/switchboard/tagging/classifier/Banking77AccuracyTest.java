package io.switchboard.tagging.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Trains on Banking77 train.csv with the default hyper-parameters and evaluates on test.csv.
 * Data location: system property {@code switchboard.shared-data} (default {@code ../shared/data}
 * relative to the working directory), then {@code /work/shared/data}. Skipped if absent.
 */
class Banking77AccuracyTest {

    static Path locateBanking77() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("switchboard.shared-data", "../shared/data")));
        candidates.add(Path.of("/work/shared/data"));
        for (Path base : candidates) {
            Path dir = base.resolve("banking77");
            if (Files.isRegularFile(dir.resolve("train.csv")) && Files.isRegularFile(dir.resolve("test.csv"))) {
                return dir;
            }
        }
        return null;
    }

    @Test
    void shouldReachTargetAccuracyOnBanking77Test() throws Exception {
        Path dir = locateBanking77();
        Assumptions.assumeTrue(dir != null, "Banking77 data not found (set -Dswitchboard.shared-data)");
        List<LabeledExample> train = LabeledCsv.read(dir.resolve("train.csv"));
        List<LabeledExample> test = LabeledCsv.read(dir.resolve("test.csv"));
        assertEquals(10003, train.size());
        assertEquals(3080, test.size());

        long t0 = System.nanoTime();
        IntentClassifier model = new IntentClassifierTrainer().train(train);
        double trainSec = (System.nanoTime() - t0) / 1e9;
        assertEquals(77, model.labels().size());
        assertTrue(model.labels().contains("Refund_not_showing_up"));
        assertTrue(model.labels().contains("reverted_card_payment?"));

        Evaluation ev = Evaluation.of(model, test);
        System.out.printf(Locale.ROOT, "Banking77: trained %d features in %.1f s; test accuracy=%.4f macroF1=%.4f logLoss=%.4f%n",
                model.featureCount(), trainSec, ev.accuracy(), ev.macroF1(), ev.logLoss());
        assertTrue(ev.accuracy() >= 0.91, "test accuracy " + ev.accuracy() + " below 0.91");
    }
}
