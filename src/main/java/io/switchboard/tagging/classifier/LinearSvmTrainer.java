package io.switchboard.tagging.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One-vs-rest linear SVM trained with dual coordinate descent (Hsieh et al., ICML 2008) for the
 * L2-regularised squared hinge loss:
 * {@code min_w 1/2 |w|^2 + C sum_i max(0, 1 - y_i w.x_i)^2}.
 *
 * <p>Each class gets its own binary problem and its own deterministic shuffle (derived from the
 * configured seed and the class index), so results are independent of thread scheduling.
 */
final class LinearSvmTrainer {

    /** Compressed sparse rows of the training matrix. */
    static final class Matrix {
        final int rows;
        final int cols;
        final int[] rowPtr;
        final int[] colIdx;
        final float[] vals;
        final double[] sqNorm;

        Matrix(List<SparseVector> vectors, int cols) {
            this.rows = vectors.size();
            this.cols = cols;
            rowPtr = new int[rows + 1];
            long nnz = 0;
            for (int i = 0; i < rows; i++) {
                nnz += vectors.get(i).size();
                rowPtr[i + 1] = (int) nnz;
            }
            colIdx = new int[(int) nnz];
            vals = new float[(int) nnz];
            sqNorm = new double[rows];
            for (int i = 0; i < rows; i++) {
                SparseVector v = vectors.get(i);
                System.arraycopy(v.indices(), 0, colIdx, rowPtr[i], v.size());
                System.arraycopy(v.values(), 0, vals, rowPtr[i], v.size());
                sqNorm[i] = v.squaredNorm();
            }
        }
    }

    /** Result: weights feature-major ({@code w[f * classes + k]}) and per-class bias terms. */
    record Weights(float[] w, float[] b) {
    }

    private LinearSvmTrainer() {
    }

    static Weights train(Matrix x, int[] y, int classes, TrainerConfig cfg) {
        float[] w = new float[x.cols * classes];
        float[] b = new float[classes];
        if (cfg.threads() <= 1 || classes == 1) {
            for (int k = 0; k < classes; k++) {
                store(k, trainBinary(x, y, k, cfg), w, b, x.cols, classes, cfg.bias());
            }
            return new Weights(w, b);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(cfg.threads(), classes), r -> {
            Thread t = new Thread(r, "svm-trainer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                final int cls = k;
                futures.add(pool.submit(() -> trainBinary(x, y, cls, cfg)));
            }
            for (int k = 0; k < classes; k++) {
                store(k, futures.get(k).get(), w, b, x.cols, classes, cfg.bias());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("training failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Weights(w, b);
    }

    private static void store(int k, double[] wk, float[] w, float[] b, int cols, int classes, double bias) {
        for (int f = 0; f < cols; f++) {
            w[f * classes + k] = (float) wk[f];
        }
        b[k] = (float) (wk[cols] * bias);
    }

    /** Trains class {@code cls} against the rest; returns weights with the bias weight last. */
    static double[] trainBinary(Matrix x, int[] labels, int cls, TrainerConfig cfg) {
        int n = x.rows;
        int cols = x.cols;
        double bias = cfg.bias();
        double[] w = new double[cols + 1];
        double[] alpha = new double[n];
        double diag = 0.5 / cfg.c();
        double[] qd = new double[n];
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            qd[i] = x.sqNorm[i] + bias * bias + diag;
            y[i] = (byte) (labels[i] == cls ? 1 : -1);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + cls);
        int[] rowPtr = x.rowPtr;
        int[] colIdx = x.colIdx;
        float[] vals = x.vals;
        for (int iter = 0; iter < cfg.maxIterations(); iter++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double maxPg = Double.NEGATIVE_INFINITY;
            double minPg = Double.POSITIVE_INFINITY;
            for (int oi = 0; oi < n; oi++) {
                int i = order[oi];
                int from = rowPtr[i];
                int to = rowPtr[i + 1];
                double dot = w[cols] * bias;
                for (int p = from; p < to; p++) {
                    dot += w[colIdx[p]] * vals[p];
                }
                double yi = y[i];
                double g = yi * dot - 1.0 + diag * alpha[i];
                double pg = (alpha[i] == 0.0 && g > 0) ? 0.0 : g;
                if (pg > maxPg) {
                    maxPg = pg;
                }
                if (pg < minPg) {
                    minPg = pg;
                }
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[i];
                    double a = Math.max(old - g / qd[i], 0.0);
                    alpha[i] = a;
                    double d = (a - old) * yi;
                    if (d != 0.0) {
                        for (int p = from; p < to; p++) {
                            w[colIdx[p]] += d * vals[p];
                        }
                        w[cols] += d * bias;
                    }
                }
            }
            if (maxPg - minPg <= cfg.epsilon()) {
                break;
            }
        }
        return w;
    }
}
