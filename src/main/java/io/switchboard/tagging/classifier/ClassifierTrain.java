package io.switchboard.tagging.classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model with the default hyper-parameters and writes it to a single file.
 *
 * <pre>usage: ClassifierTrain TRAIN.csv MODEL_OUT [--threads N]</pre>
 */
public final class ClassifierTrain {

    private ClassifierTrain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--threads"))) {
            System.err.println("usage: ClassifierTrain TRAIN.csv MODEL_OUT [--threads N]");
            System.exit(2);
        }
        int threads = args.length == 4 ? Integer.parseInt(args[3]) : 1;
        List<LabeledExample> train = LabeledCsv.read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        long t0 = System.nanoTime();
        IntentClassifier model = new IntentClassifierTrainer(FeatureConfig.defaults(),
                TrainerConfig.defaults().withThreads(threads)).train(train);
        double sec = (System.nanoTime() - t0) / 1e9;
        model.save(out);
        System.out.printf(Locale.ROOT, "trained on %d examples, %d labels, %d features in %.2f s; wrote %s (%d bytes)%n",
                train.size(), model.labels().size(), model.featureCount(), sec, out, Files.size(out));
    }
}
