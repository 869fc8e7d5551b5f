package io.switchboard.tagging.classifier;

/**
 * Settings of the one-vs-rest linear SVM trainer (L2-regularised squared hinge loss, dual
 * coordinate descent).
 *
 * @param c             inverse regularisation strength (larger = less regularisation)
 * @param epsilon       stopping tolerance on the projected-gradient spread (as in LIBLINEAR)
 * @param maxIterations maximum passes over the data per class
 * @param bias          value of the constant bias feature appended to every vector (0 = no bias)
 * @param temperature   scale applied to the margins before the softmax that yields confidences
 * @param seed          seed for the per-class shuffling of the coordinate order
 * @param threads       worker threads (classes are trained independently; results do not depend
 *                      on the thread count)
 */
public record TrainerConfig(double c, double epsilon, int maxIterations, double bias,
                            double temperature, long seed, int threads) {

    /**
     * Defaults chosen with {@link ClassifierTune} on Banking77 train.csv only (see
     * {@link FeatureConfig#defaults()}): C from {0.1, 0.25, 0.5, 1, 2, 4} -> 2; temperature from
     * {2 .. 10} minimising mean hold-out log-loss -> 5 (0.3835 nats).
     */
    public static TrainerConfig defaults() {
        return new TrainerConfig(2.0, 0.1, 100, 1.0, 5.0, 42L, 1);
    }

    public TrainerConfig {
        if (!(c > 0)) {
            throw new IllegalArgumentException("c must be > 0");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
    }

    public TrainerConfig withC(double v) {
        return new TrainerConfig(v, epsilon, maxIterations, bias, temperature, seed, threads);
    }

    public TrainerConfig withSeed(long v) {
        return new TrainerConfig(c, epsilon, maxIterations, bias, temperature, v, threads);
    }

    public TrainerConfig withThreads(int v) {
        return new TrainerConfig(c, epsilon, maxIterations, bias, temperature, seed, v);
    }

    public TrainerConfig withTemperature(double v) {
        return new TrainerConfig(c, epsilon, maxIterations, bias, v, seed, threads);
    }
}
