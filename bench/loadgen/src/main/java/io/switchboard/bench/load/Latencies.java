package io.switchboard.bench.load;

import java.util.Arrays;

/** Every latency of a run, kept exactly (a run is at most a few hundred thousand requests). */
final class Latencies {

    private long[] nanos = new long[1 << 16];
    private int count;

    void add(long value) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = value;
    }

    int count() {
        return count;
    }

    /** Percentiles in milliseconds, nearest-rank; NaN when empty. */
    double[] percentilesMillis(double... ps) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            if (count == 0) {
                out[i] = Double.NaN;
                continue;
            }
            int rank = (int) Math.ceil(ps[i] / 100.0 * count);
            out[i] = sorted[Math.min(Math.max(rank, 1), count) - 1] / 1e6;
        }
        return out;
    }
}
