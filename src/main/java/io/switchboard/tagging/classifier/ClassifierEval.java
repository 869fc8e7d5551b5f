package io.switchboard.tagging.classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains on TRAIN.csv only, evaluates on TEST.csv.
 *
 * <pre>usage: ClassifierEval TRAIN.csv TEST.csv [--model-out FILE] [--threads N]</pre>
 *
 * The last line printed is exactly {@code accuracy=0.xxxx macroF1=0.xxxx}.
 */
public final class ClassifierEval {

    private ClassifierEval() {
    }

    public static void main(String[] args) throws Exception {
        Path train = null;
        Path test = null;
        Path modelOut = null;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model-out" -> modelOut = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    if (train == null) {
                        train = Path.of(args[i]);
                    } else if (test == null) {
                        test = Path.of(args[i]);
                    } else {
                        usage();
                    }
                }
            }
        }
        if (train == null || test == null) {
            usage();
        }
        List<LabeledExample> trainSet = LabeledCsv.read(train);
        List<LabeledExample> testSet = LabeledCsv.read(test);
        IntentClassifierTrainer trainer = new IntentClassifierTrainer(FeatureConfig.defaults(),
                TrainerConfig.defaults().withThreads(threads));
        System.out.println("train=" + train + " examples=" + trainSet.size());
        System.out.println("test=" + test + " examples=" + testSet.size());
        System.out.println("features=" + trainer.features());
        System.out.println("trainer=" + trainer.trainerConfig());
        long t0 = System.nanoTime();
        IntentClassifier model = trainer.train(trainSet);
        double trainSec = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "trained labels=%d features=%d in %.2f s%n",
                model.labels().size(), model.featureCount(), trainSec);
        if (modelOut != null) {
            model.save(modelOut);
            System.out.println("model written to " + modelOut + " (" + Files.size(modelOut) + " bytes)");
        }
        long t1 = System.nanoTime();
        Evaluation ev = Evaluation.of(model, testSet);
        double evalSec = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "evaluated %d messages in %.3f s (%.0f msg/s incl. log-loss), correct=%d, logLoss=%.4f%n",
                ev.total(), evalSec, ev.total() / evalSec, ev.correct(), ev.logLoss());
        System.out.printf(Locale.ROOT, "accuracy=%.4f macroF1=%.4f%n", ev.accuracy(), ev.macroF1());
    }

    private static void usage() {
        System.err.println("usage: ClassifierEval TRAIN.csv TEST.csv [--model-out FILE] [--threads N]");
        System.exit(2);
    }
}
