package io.switchboard.tagging.classifier;

/** Sparse feature vector: parallel arrays of feature indices and values (indices unique). */
public record SparseVector(int[] indices, float[] values) {

    public int size() {
        return indices.length;
    }

    public double squaredNorm() {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return s;
    }
}
