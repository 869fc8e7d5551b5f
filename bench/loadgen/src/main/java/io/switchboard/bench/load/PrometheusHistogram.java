package io.switchboard.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Prometheus histogram from two /q/metrics scrapes: the bucket counts of the second minus the first
 * (summed over every series whose labels contain {@code labelFilter}), and quantiles interpolated inside
 * a bucket the way PromQL's histogram_quantile does. Resolution is the bucket layout's, not better.
 */
final class PrometheusHistogram {

    final TreeMap<Double, Double> cumulative;
    final double count;
    final double sum;

    private PrometheusHistogram(TreeMap<Double, Double> cumulative, double count, double sum) {
        this.cumulative = cumulative;
        this.count = count;
        this.sum = sum;
    }

    static PrometheusHistogram difference(Path before, Path after, String metric, String labelFilter) throws IOException {
        Scrape a = Scrape.read(before, metric, labelFilter);
        Scrape b = Scrape.read(after, metric, labelFilter);
        TreeMap<Double, Double> diff = new TreeMap<>();
        b.buckets.forEach((le, n) -> diff.put(le, n - a.buckets.getOrDefault(le, 0.0)));
        return new PrometheusHistogram(diff, b.count - a.count, b.sum - a.sum);
    }

    double quantile(double q) {
        if (count <= 0) {
            return Double.NaN;
        }
        double rank = q * count;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return lower;
                }
                double inBucket = e.getValue() - below;
                return lower + (e.getKey() - lower) * (inBucket == 0 ? 1 : (rank - below) / inBucket);
            }
            lower = e.getKey();
            below = e.getValue();
        }
        return lower;
    }

    /** The upper bound of the bucket the quantile falls in: what the histogram can actually promise. */
    double quantileBucketUpperBound(double q) {
        double rank = q * count;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private record Scrape(Map<Double, Double> buckets, double count, double sum) {
        static Scrape read(Path file, String metric, String labelFilter) throws IOException {
            Map<Double, Double> buckets = new TreeMap<>();
            double count = 0;
            double sum = 0;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("#") || !line.startsWith(metric) || !line.contains(labelFilter)) {
                    continue;
                }
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith(metric + "_bucket{")) {
                    int le = line.indexOf("le=\"") + 4;
                    String bound = line.substring(le, line.indexOf('"', le));
                    buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value,
                            Double::sum);
                } else if (line.startsWith(metric + "_count{")) {
                    count += value;
                } else if (line.startsWith(metric + "_sum{")) {
                    sum += value;
                }
            }
            return new Scrape(buckets, count, sum);
        }
    }
}
