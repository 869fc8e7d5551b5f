package io.switchboard.tagging.classifier;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures single-thread prediction throughput ({@link IntentClassifier#predict(String)}, i.e.
 * normalisation, feature extraction, scoring, softmax and top-3) over the messages of a CSV file.
 *
 * <pre>usage: ClassifierThroughput MODEL_FILE|TRAIN.csv MESSAGES.csv [--seconds 5]</pre>
 *
 * If the first argument ends in {@code .csv} a model is trained from it first.
 */
public final class ClassifierThroughput {

    private ClassifierThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ClassifierThroughput MODEL_FILE|TRAIN.csv MESSAGES.csv [--seconds 5]");
            System.exit(2);
        }
        double seconds = args.length >= 4 && args[2].equals("--seconds") ? Double.parseDouble(args[3]) : 5;
        IntentClassifier model = args[0].endsWith(".csv")
                ? new IntentClassifierTrainer().train(LabeledCsv.read(Path.of(args[0])))
                : IntentClassifier.load(Path.of(args[0]));
        List<String> messages = LabeledCsv.read(Path.of(args[1])).stream().map(LabeledExample::text).toList();
        long sink = 0;
        // warm-up so the JIT has compiled the hot path
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        int i = 0;
        while (System.nanoTime() < warmEnd) {
            sink += model.predict(messages.get(i++ % messages.size())).label().length();
        }
        long n = 0;
        long chars = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int j = 0; j < 1000; j++) {
                String m = messages.get((int) (n % messages.size()));
                sink += model.predict(m).label().length();
                chars += m.length();
                n++;
            }
            now = System.nanoTime();
        } while (now < end);
        double sec = (now - t0) / 1e9;
        double cpuSec = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "messages=%d seconds=%.2f avgChars=%.1f (sink %d)%n", n, sec, (double) chars / n, sink);
        System.out.printf(Locale.ROOT, "throughput=%.0f msg/s (single thread, predict with top-3)%n", n / sec);
        // on a shared machine wall time includes waiting for a core; CPU time is what one core delivers
        System.out.printf(Locale.ROOT, "cpuThroughput=%.0f msg/cpu-s (thread CPU time %.2f s of %.2f s wall)%n",
                n / cpuSec, cpuSec, sec);
    }
}
