package io.switchboard.tagging.classifier;

import java.util.Arrays;
import java.util.List;

/**
 * Maps messages to TF-IDF vectors over a fixed vocabulary of hashed n-gram keys.
 *
 * <p>Per block (words, characters): term frequency (sublinear {@code 1 + ln tf} if configured)
 * times smoothed idf {@code ln((1 + N) / (1 + df)) + 1}, L2-normalised; the word block is then
 * scaled by {@link FeatureConfig#wordWeight()} and the concatenation L2-normalised again.
 * Instances are immutable and thread-safe.
 */
public final class Vectorizer {

    private final FeatureConfig config;
    private final FeatureExtractor extractor;
    private final long[] keys;      // sorted ascending; lowest bit = block
    private final float[] idf;
    private final LongIntHashMap index;

    Vectorizer(FeatureConfig config, long[] keys, float[] idf) {
        if (keys.length != idf.length) {
            throw new IllegalArgumentException("keys/idf length mismatch");
        }
        this.config = config;
        this.extractor = new FeatureExtractor(config);
        this.keys = keys;
        this.idf = idf;
        this.index = new LongIntHashMap(keys.length);
        for (int i = 0; i < keys.length; i++) {
            index.put(keys[i], i);
        }
    }

    private static long blockKey(long key, int block) {
        return (key & ~1L) | block;
    }

    /** Builds the vocabulary (document frequency >= minDf) and idf weights from training texts. */
    public static Vectorizer fit(List<String> texts, FeatureConfig config) {
        FeatureExtractor fx = new FeatureExtractor(config);
        LongIntHashMap df = new LongIntHashMap(1 << 16);
        LongBuf buf = new LongBuf();
        for (String t : texts) {
            buf.size = 0;
            fx.extract(t, (key, block) -> buf.add(blockKey(key, block)));
            Arrays.sort(buf.data, 0, buf.size);
            long last = 0;
            for (int i = 0; i < buf.size; i++) {
                long k = buf.data[i];
                if (i == 0 || k != last) {
                    df.increment(k, 1);
                    last = k;
                }
            }
        }
        long[] all = df.keysArray();
        Arrays.sort(all);
        int kept = 0;
        for (long k : all) {
            if (df.get(k) >= config.minDf()) {
                all[kept++] = k;
            }
        }
        long[] keys = Arrays.copyOf(all, kept);
        float[] idf = new float[kept];
        double n = texts.size();
        for (int i = 0; i < kept; i++) {
            idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(keys[i]))) + 1.0);
        }
        return new Vectorizer(config, keys, idf);
    }

    public FeatureConfig config() {
        return config;
    }

    public int dimension() {
        return keys.length;
    }

    long[] keys() {
        return keys;
    }

    float[] idf() {
        return idf;
    }

    /** Transforms one raw message into a normalised sparse vector (possibly empty). */
    public SparseVector transform(String text) {
        IntBuf words = new IntBuf();
        IntBuf chars = new IntBuf();
        extractor.extract(text, (key, block) -> {
            int f = index.get(blockKey(key, block));
            if (f >= 0) {
                (block == FeatureExtractor.BLOCK_WORD ? words : chars).add(f);
            }
        });
        int[] idx = new int[words.size + chars.size];
        float[] val = new float[idx.length];
        int nw = weigh(words, idx, val, 0);
        int total = weigh(chars, idx, val, nw);
        double normW = 0;
        double normC = 0;
        for (int i = 0; i < nw; i++) {
            normW += (double) val[i] * val[i];
        }
        for (int i = nw; i < total; i++) {
            normC += (double) val[i] * val[i];
        }
        double sw = normW > 0 ? config.wordWeight() / Math.sqrt(normW) : 0;
        double sc = normC > 0 ? 1.0 / Math.sqrt(normC) : 0;
        double overall = Math.sqrt((normW > 0 ? config.wordWeight() * config.wordWeight() : 0) + (normC > 0 ? 1 : 0));
        if (overall > 0) {
            sw /= overall;
            sc /= overall;
        }
        for (int i = 0; i < nw; i++) {
            val[i] = (float) (val[i] * sw);
        }
        for (int i = nw; i < total; i++) {
            val[i] = (float) (val[i] * sc);
        }
        if (total != idx.length) {
            idx = Arrays.copyOf(idx, total);
            val = Arrays.copyOf(val, total);
        }
        return new SparseVector(idx, val);
    }

    /** Sorts, counts and writes tf-idf weights of unique features; returns the new fill position. */
    private int weigh(IntBuf b, int[] idx, float[] val, int pos) {
        if (b.size == 0) {
            return pos;
        }
        Arrays.sort(b.data, 0, b.size);
        int i = 0;
        while (i < b.size) {
            int f = b.data[i];
            int j = i + 1;
            while (j < b.size && b.data[j] == f) {
                j++;
            }
            int tf = j - i;
            double w = config.sublinearTf() ? 1.0 + Math.log(tf) : tf;
            idx[pos] = f;
            val[pos] = (float) (w * idf[f]);
            pos++;
            i = j;
        }
        return pos;
    }

    private static final class IntBuf {
        int[] data = new int[256];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }

    private static final class LongBuf {
        long[] data = new long[256];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
