package io.switchboard.tagging.classifier;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Trained linear intent classifier: TF-IDF word/char n-gram features and one weight vector per
 * intent. Immutable and thread-safe; load once at pipeline start with {@link #load(Path)}.
 *
 * <p>Model file format (big-endian, version 1):
 * <pre>
 *   magic "SWBINTC\0" (8 bytes), int version
 *   feature config: int wordNgramMax, int charNgramMin, int charNgramMax, int minDf,
 *                   boolean sublinearTf, float wordWeight
 *   float temperature
 *   int K, then K labels (modified UTF-8, DataOutput.writeUTF)
 *   int F, long[F] feature keys (ascending), float[F] idf
 *   float[F*K] weights (feature-major), float[K] bias
 *   int CRC32 of everything above
 * </pre>
 */
public final class IntentClassifier {

    static final byte[] MAGIC = {'S', 'W', 'B', 'I', 'N', 'T', 'C', 0};
    static final int FORMAT_VERSION = 1;

    private final String[] labels;
    private final Vectorizer vectorizer;
    private final float[] weights; // [feature * K + class]
    private final float[] bias;
    private final float temperature;

    IntentClassifier(String[] labels, Vectorizer vectorizer, float[] weights, float[] bias, float temperature) {
        if (weights.length != (long) vectorizer.dimension() * labels.length || bias.length != labels.length) {
            throw new IllegalArgumentException("weight dimensions do not match");
        }
        this.labels = labels.clone();
        this.vectorizer = vectorizer;
        this.weights = weights;
        this.bias = bias;
        this.temperature = temperature;
    }

    public List<String> labels() {
        return List.of(labels);
    }

    public int featureCount() {
        return vectorizer.dimension();
    }

    public FeatureConfig featureConfig() {
        return vectorizer.config();
    }

    public float temperature() {
        return temperature;
    }

    /** Same model with another softmax temperature (used when calibrating confidences). */
    public IntentClassifier withTemperature(float t) {
        return new IntentClassifier(labels, vectorizer, weights, bias, t);
    }

    /** Raw margins for each label, in {@link #labels()} order. */
    public float[] scores(String text) {
        return scores(vectorizer.transform(text));
    }

    float[] scores(SparseVector x) {
        int k = labels.length;
        float[] s = bias.clone();
        int[] idx = x.indices();
        float[] val = x.values();
        float[] w = weights;
        for (int i = 0; i < idx.length; i++) {
            float v = val[i];
            int base = idx[i] * k;
            for (int c = 0; c < k; c++) {
                s[c] += v * w[base + c];
            }
        }
        return s;
    }

    /** Index (into {@link #labels()}) of the best label; the fast path for bulk evaluation. */
    public int predictIndex(String text) {
        return argmax(scores(text));
    }

    static int argmax(float[] s) {
        int best = 0;
        for (int c = 1; c < s.length; c++) {
            if (s[c] > s[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Best label with confidence and the top 3 candidates. */
    public Prediction predict(String text) {
        return predict(text, 3);
    }

    /** Best label with confidence and the top {@code k} candidates. */
    public Prediction predict(String text, int k) {
        float[] s = scores(text);
        int n = s.length;
        double max = s[argmax(s)];
        double[] p = new double[n];
        double sum = 0;
        for (int c = 0; c < n; c++) {
            p[c] = Math.exp(temperature * (s[c] - max));
            sum += p[c];
        }
        int kk = Math.max(1, Math.min(k, n));
        // partial selection sort of the top kk (ties broken by label index)
        boolean[] taken = new boolean[n];
        List<ScoredLabel> top = new ArrayList<>(kk);
        for (int r = 0; r < kk; r++) {
            int best = -1;
            for (int c = 0; c < n; c++) {
                if (!taken[c] && (best < 0 || s[c] > s[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            top.add(new ScoredLabel(labels[best], p[best] / sum, s[best]));
        }
        return new Prediction(top.get(0).label(), top.get(0).probability(), top);
    }

    // ---------------------------------------------------------------- persistence

    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(out);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public byte[] toBytes() {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try {
            write(bos);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    public void write(OutputStream out) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream d = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(out, crc), 1 << 16));
        d.write(MAGIC);
        d.writeInt(FORMAT_VERSION);
        FeatureConfig fc = vectorizer.config();
        d.writeInt(fc.wordNgramMax());
        d.writeInt(fc.charNgramMin());
        d.writeInt(fc.charNgramMax());
        d.writeInt(fc.minDf());
        d.writeBoolean(fc.sublinearTf());
        d.writeFloat(fc.wordWeight());
        d.writeFloat(temperature);
        d.writeInt(labels.length);
        for (String l : labels) {
            d.writeUTF(l);
        }
        long[] keys = vectorizer.keys();
        float[] idf = vectorizer.idf();
        d.writeInt(keys.length);
        for (long key : keys) {
            d.writeLong(key);
        }
        for (float v : idf) {
            d.writeFloat(v);
        }
        for (float v : weights) {
            d.writeFloat(v);
        }
        for (float v : bias) {
            d.writeFloat(v);
        }
        d.flush();
        int checksum = (int) crc.getValue();
        d.writeInt(checksum);
        d.flush();
    }

    public static IntentClassifier load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static IntentClassifier read(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        DataInputStream d = new DataInputStream(new CheckedInputStream(new BufferedInputStream(in, 1 << 16), crc));
        byte[] magic = new byte[MAGIC.length];
        d.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an intent classifier model (bad magic)");
        }
        int version = d.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("unsupported model format version " + version + " (expected " + FORMAT_VERSION + ")");
        }
        FeatureConfig fc = new FeatureConfig(d.readInt(), d.readInt(), d.readInt(), d.readInt(),
                d.readBoolean(), d.readFloat());
        float temperature = d.readFloat();
        int k = d.readInt();
        if (k < 1 || k > 1_000_000) {
            throw new IOException("corrupt model: label count " + k);
        }
        String[] labels = new String[k];
        for (int i = 0; i < k; i++) {
            labels[i] = d.readUTF();
        }
        int f = d.readInt();
        if (f < 0 || (long) f * k > Integer.MAX_VALUE - 8) {
            throw new IOException("corrupt model: feature count " + f);
        }
        long[] keys = new long[f];
        for (int i = 0; i < f; i++) {
            keys[i] = d.readLong();
        }
        float[] idf = readFloats(d, f);
        float[] w = readFloats(d, f * k);
        float[] b = readFloats(d, k);
        int expected = (int) crc.getValue();
        int stored = d.readInt(); // the trailing checksum itself is not covered
        if (stored != expected) {
            throw new IOException("model checksum mismatch (file corrupt or truncated)");
        }
        return new IntentClassifier(labels, new Vectorizer(fc, keys, idf), w, b, temperature);
    }

    private static float[] readFloats(DataInputStream d, int n) throws IOException {
        float[] out = new float[n];
        byte[] buf = new byte[1 << 16];
        int i = 0;
        while (i < n) {
            int chunk = Math.min(buf.length / 4, n - i);
            d.readFully(buf, 0, chunk * 4);
            for (int j = 0; j < chunk; j++) {
                int p = j * 4;
                int bits = ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16)
                        | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
                out[i + j] = Float.intBitsToFloat(bits);
            }
            i += chunk;
        }
        return out;
    }
}
