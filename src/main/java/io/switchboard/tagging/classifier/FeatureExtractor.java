package io.switchboard.tagging.classifier;

/**
 * Turns a message into hashed n-gram feature keys (64-bit, collision probability negligible for
 * vocabularies of this size), without allocating a string per n-gram.
 *
 * <p>Tokenisation after {@link TextNormalizer}: a word is a maximal run of letters, digits and
 * combining marks; apostrophes inside a word are dropped ({@code don't} and {@code dont} match);
 * currency symbols are one-character tokens; everything else separates. Han, Hiragana and
 * Katakana runs form their own segments (no segmentation needed): each ideograph is a word token
 * for word n-grams, and the whole run feeds the character n-grams.
 *
 * <p>Features: word unigrams and bigrams (block {@link #BLOCK_WORD}), and character n-grams inside
 * word boundaries of each segment padded with one space on each side (block {@link #BLOCK_CHAR}).
 */
public final class FeatureExtractor {

    /** Receives extracted features. */
    public interface Sink {
        void accept(long key, int block);
    }

    public static final int BLOCK_WORD = 0;
    public static final int BLOCK_CHAR = 1;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long UNI_SALT = 0x9e3779b97f4a7c15L;
    private static final long BI_SALT = 0xc2b2ae3d27d4eb4fL;
    private static final long CHAR_SALT = 0x165667b19e3779f9L;

    private final FeatureConfig cfg;

    public FeatureExtractor(FeatureConfig cfg) {
        this.cfg = cfg;
    }

    public FeatureConfig config() {
        return cfg;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
        return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
                || sc == Character.UnicodeScript.KATAKANA;
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '\u02bc';
    }

    /** Extracts features of one raw (not yet normalised) message into the sink. */
    public void extract(String text, Sink sink) {
        String s = TextNormalizer.normalize(text);
        int n = s.length();
        // code points of all segments, each segment padded with ' ' on both sides
        int[] cps = new int[n + 2 * n + 2];
        int[] segStart = new int[n + 1];
        int[] segEnd = new int[n + 1];
        boolean[] segCjk = new boolean[n + 1];
        int segCount = 0;
        int w = 0;
        int kind = 0; // 0 none, 1 word, 2 cjk
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int k;
            if (isApostrophe(cp) && kind == 1) {
                continue; // dropped inside a word
            } else if (isWordChar(cp)) {
                k = isCjk(cp) ? 2 : 1;
            } else if (Character.getType(cp) == Character.CURRENCY_SYMBOL) {
                k = 3;
            } else {
                k = 0;
            }
            if (kind != 0 && (k != kind || k == 3)) {
                segEnd[segCount] = w;
                cps[w++] = ' ';
                segCount++;
            }
            if (k != 0 && (k != kind || k == 3)) {
                cps[w++] = ' ';
                segStart[segCount] = w;
                segCjk[segCount] = k == 2;
            }
            if (k != 0) {
                cps[w++] = cp;
            }
            kind = k;
        }
        if (kind != 0) {
            segEnd[segCount] = w;
            cps[w++] = ' ';
            segCount++;
        }

        if (cfg.wordNgramMax() > 0) {
            emitWords(cps, segStart, segEnd, segCjk, segCount, sink);
        }
        if (cfg.charNgramMax() > 0) {
            int min = cfg.charNgramMin();
            int max = cfg.charNgramMax();
            for (int sIdx = 0; sIdx < segCount; sIdx++) {
                int from = segStart[sIdx] - 1;
                int to = segEnd[sIdx] + 1; // exclusive, includes padding
                for (int i = from; i < to; i++) {
                    long h = FNV_OFFSET ^ CHAR_SALT;
                    int lim = Math.min(to, i + max);
                    for (int j = i; j < lim; j++) {
                        h = (h ^ cps[j]) * FNV_PRIME;
                        int len = j - i + 1;
                        if (len >= min) {
                            sink.accept(fmix64(h + len), BLOCK_CHAR);
                        }
                    }
                }
            }
        }
    }

    private void emitWords(int[] cps, int[] segStart, int[] segEnd, boolean[] segCjk, int segCount, Sink sink) {
        boolean bigrams = cfg.wordNgramMax() >= 2;
        long prev = 0;
        boolean havePrev = false;
        for (int sIdx = 0; sIdx < segCount; sIdx++) {
            int a = segStart[sIdx];
            int b = segEnd[sIdx];
            if (segCjk[sIdx]) {
                for (int j = a; j < b; j++) {
                    long h = (FNV_OFFSET ^ cps[j]) * FNV_PRIME;
                    prev = emitToken(h, prev, havePrev, bigrams, sink);
                    havePrev = true;
                }
            } else {
                long h = FNV_OFFSET;
                for (int j = a; j < b; j++) {
                    h = (h ^ cps[j]) * FNV_PRIME;
                }
                prev = emitToken(h, prev, havePrev, bigrams, sink);
                havePrev = true;
            }
        }
    }

    private static long emitToken(long tokenHash, long prev, boolean havePrev, boolean bigrams, Sink sink) {
        long mixed = fmix64(tokenHash + UNI_SALT);
        sink.accept(mixed, BLOCK_WORD);
        if (bigrams && havePrev) {
            sink.accept(fmix64(prev * FNV_PRIME + mixed + BI_SALT), BLOCK_WORD);
        }
        return mixed;
    }
}
