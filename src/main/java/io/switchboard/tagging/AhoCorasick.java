package io.switchboard.tagging;

import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in one pass
 * over the text, so the cost of a scan depends on the text and the number of hits, not on how many
 * patterns there are. Chinese needs no word segmentation: patterns are plain character sequences.
 *
 * <p>Laid out so that a step costs the same with 5,000 patterns as with 50. Profiled before: with each
 * state's children found through a shared hash table or a search among them, and its links in five
 * separate arrays, a large dictionary cost several unpredictable branches and cache misses per
 * character. Now the trie is a double array over a compressed alphabet: a character that occurs in no
 * pattern has code 0 and sends the scan straight back to the root; otherwise the child of state
 * {@code s} for code {@code k} is slot {@code base(s) + k} if that slot's owner is {@code s}. Each state's
 * {@code [base, owner, fail, report]} share one record, {@code report} being the nearest state on the
 * failure chain that ends a pattern, so a character without a hit reads one record. Immutable and
 * thread-safe once built.
 */
public final class AhoCorasick {

    /** Receives each match: the pattern's index in the build list and its [start, end) in the text. */
    @FunctionalInterface
    public interface MatchSink {
        void match(int pattern, int start, int end);
    }

    private static final int ROOT = 0;
    private static final int BASE = 0;
    private static final int OWNER = 1;
    private static final int FAIL = 2;
    private static final int REPORT = 3;
    private static final int STRIDE = 4;
    private static final int FREE = -1;

    /** Per slot {@link #STRIDE} ints: base of its children, owner (parent state, or FREE), fail, report. */
    private final int[] slots;
    /** Per UTF-16 unit its code in the alphabet of the patterns, 0 for a unit that occurs in none. */
    private final char[] code;
    private final int stateCount;
    /** First pattern ending exactly at a state, or -1. */
    private final int[] output;
    /** Further patterns ending at the same state (same text, listed twice), chained; -1 ends. */
    private final int[] nextSamePattern;
    /** Next state with an output on the failure chain, or -1: reports shorter suffix matches. */
    private final int[] dictLink;
    private final int[] patternLength;

    private AhoCorasick(int[] slots, char[] code, int stateCount, int[] output, int[] nextSamePattern, int[] dictLink,
            int[] patternLength) {
        this.slots = slots;
        this.code = code;
        this.stateCount = stateCount;
        this.output = output;
        this.nextSamePattern = nextSamePattern;
        this.dictLink = dictLink;
        this.patternLength = patternLength;
    }

    /** Builds the automaton; empty patterns are rejected (they would match everywhere). */
    public static AhoCorasick build(List<String> patterns) {
        Builder b = new Builder(patterns.size());
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("pattern " + i + " is empty");
            }
            b.add(p, i);
        }
        return b.finish();
    }

    public int patternCount() {
        return patternLength.length;
    }

    public int stateCount() {
        return stateCount;
    }

    /** Reports every occurrence of every pattern, in order of their end positions. */
    public void scan(CharSequence text, MatchSink sink) {
        final int[] slots = this.slots;
        int state = ROOT;
        for (int i = 0, n = text.length(); i < n; i++) {
            int k = code[text.charAt(i)];
            if (k == 0) {
                state = ROOT; // no pattern contains this character, so none can match across it
                continue;
            }
            while (true) {
                int child = slots[state * STRIDE + BASE] + k;
                if (slots[child * STRIDE + OWNER] == state) {
                    state = child;
                    break;
                }
                if (state == ROOT) {
                    break;
                }
                state = slots[state * STRIDE + FAIL];
            }
            for (int s = slots[state * STRIDE + REPORT]; s >= 0; s = dictLink[s]) {
                for (int p = output[s]; p >= 0; p = nextSamePattern[p]) {
                    sink.match(p, i + 1 - patternLength[p], i + 1);
                }
            }
        }
    }

    private static final long EMPTY = -1L;

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9e3779b97f4a7c15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Trie first, then failure and dictionary links breadth-first. */
    private static final class Builder {
        private int states = 1;
        private int[] parentState = new int[64];
        private char[] viaChar = new char[64];
        private int[] output = new int[64];
        private long[] keys = new long[128];
        private int[] targets = new int[128];
        private int size;
        private final int[] patternLength;
        private final int[] nextSamePattern;

        Builder(int patternCount) {
            patternLength = new int[patternCount];
            nextSamePattern = new int[patternCount];
            Arrays.fill(nextSamePattern, -1);
            Arrays.fill(keys, EMPTY);
            Arrays.fill(output, -1);
        }

        void add(String pattern, int index) {
            int state = ROOT;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                int next = get(state, c);
                if (next < 0) {
                    next = newState(state, c);
                    put(state, c, next);
                }
                state = next;
            }
            patternLength[index] = pattern.length();
            nextSamePattern[index] = output[state];
            output[state] = index;
        }

        private int newState(int parent, char c) {
            if (states == parentState.length) {
                int grown = states * 2;
                parentState = Arrays.copyOf(parentState, grown);
                viaChar = Arrays.copyOf(viaChar, grown);
                output = Arrays.copyOf(output, grown);
                Arrays.fill(output, states, grown, -1);
            }
            parentState[states] = parent;
            viaChar[states] = c;
            return states++;
        }

        private int get(int state, char c) {
            long key = key(state, c);
            int m = keys.length - 1;
            for (int slot = slot(key, m); ; slot = (slot + 1) & m) {
                if (keys[slot] == key) {
                    return targets[slot];
                }
                if (keys[slot] == EMPTY) {
                    return -1;
                }
            }
        }

        private void put(int state, char c, int target) {
            if ((size + 1) * 2 > keys.length) {
                rehash(keys.length * 2);
            }
            insert(keys, targets, key(state, c), target);
            size++;
        }

        private void rehash(int capacity) {
            long[] k = new long[capacity];
            int[] t = new int[capacity];
            Arrays.fill(k, EMPTY);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY) {
                    insert(k, t, keys[i], targets[i]);
                }
            }
            keys = k;
            targets = t;
        }

        private static void insert(long[] k, int[] t, long key, int target) {
            int m = k.length - 1;
            int slot = slot(key, m);
            while (k[slot] != EMPTY) {
                slot = (slot + 1) & m;
            }
            k[slot] = key;
            t[slot] = target;
        }

        /**
         * Codes the alphabet (most frequent first, so the double array stays dense), places the trie
         * breadth-first into the double array, then computes failure, dictionary and report links.
         */
        AhoCorasick finish() {
            int n = states;
            int[] firstChild = new int[n];
            int[] sibling = new int[n];
            Arrays.fill(firstChild, -1);
            int[] frequency = new int[Character.MAX_VALUE + 1];
            for (int s = n - 1; s >= 1; s--) {
                sibling[s] = firstChild[parentState[s]];
                firstChild[parentState[s]] = s;
                frequency[viaChar[s]]++;
            }
            char[] code = alphabet(frequency);
            Placement place = new Placement(n);
            int[] slotOf = new int[n]; // trie state -> slot
            int[] bfs = new int[n];
            int queued = 1;
            place.claim(ROOT, FREE);
            for (int head = 0; head < queued; head++) {
                int state = bfs[head];
                int count = 0;
                for (int child = firstChild[state]; child >= 0; child = sibling[child]) {
                    bfs[queued + count++] = child;
                }
                if (count == 0) {
                    continue;
                }
                int[] codes = new int[count];
                for (int i = 0; i < count; i++) {
                    codes[i] = code[viaChar[bfs[queued + i]]];
                }
                int base = place.findBase(codes);
                place.setBase(slotOf[state], base);
                for (int i = 0; i < count; i++) {
                    int child = bfs[queued + i];
                    slotOf[child] = base + codes[i];
                    place.claim(slotOf[child], slotOf[state]);
                }
                queued += count;
            }
            int[] slots = place.finish(code.length == 0 ? 0 : maxCode(code));
            int slotCount = slots.length / STRIDE;
            int[] out = new int[slotCount];
            Arrays.fill(out, -1);
            for (int s = 0; s < n; s++) {
                out[slotOf[s]] = output[s];
            }
            int[] dictLink = new int[slotCount];
            Arrays.fill(dictLink, -1);
            slots[ROOT * STRIDE + FAIL] = ROOT;
            slots[ROOT * STRIDE + REPORT] = -1; // no pattern is empty
            for (int head = 1; head < n; head++) { // breadth-first: a state's failure target is done before it
                int state = bfs[head];
                int slot = slotOf[state];
                int parent = slotOf[parentState[state]];
                int k = code[viaChar[state]];
                int f = ROOT;
                if (parent != ROOT) {
                    f = slots[parent * STRIDE + FAIL];
                    while (true) {
                        int child = slots[f * STRIDE + BASE] + k;
                        if (slots[child * STRIDE + OWNER] == f) {
                            f = child;
                            break;
                        }
                        if (f == ROOT) {
                            break;
                        }
                        f = slots[f * STRIDE + FAIL];
                    }
                }
                slots[slot * STRIDE + FAIL] = f;
                dictLink[slot] = out[f] >= 0 ? f : dictLink[f];
                slots[slot * STRIDE + REPORT] = out[slot] >= 0 ? slot : dictLink[slot];
            }
            return new AhoCorasick(slots, code, n, out, nextSamePattern, dictLink, patternLength);
        }

        private static char[] alphabet(int[] frequency) {
            int distinct = 0;
            for (int f : frequency) {
                distinct += f > 0 ? 1 : 0;
            }
            if (distinct > Character.MAX_VALUE - 1) {
                throw new IllegalArgumentException("patterns use every UTF-16 unit: no code left for 'in no pattern'");
            }
            long[] byFrequency = new long[distinct];
            int i = 0;
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                if (frequency[c] > 0) {
                    byFrequency[i++] = ((long) (Integer.MAX_VALUE - frequency[c]) << 16) | c;
                }
            }
            Arrays.sort(byFrequency);
            char[] code = new char[Character.MAX_VALUE + 1];
            for (i = 0; i < distinct; i++) {
                code[(int) (byFrequency[i] & 0xffff)] = (char) (i + 1);
            }
            return code;
        }

        private static int maxCode(char[] code) {
            int max = 0;
            for (char c : code) {
                max = Math.max(max, c);
            }
            return max;
        }
    }

    /** The double array while it is filled: first-fit placement of each state's children. */
    private static final class Placement {
        private int[] slots;
        private int used;
        private int firstFree = 1;

        Placement(int states) {
            slots = new int[Math.max(16, states * 2) * STRIDE];
            markFree(0);
        }

        private void markFree(int from) {
            for (int s = from; s < slots.length / STRIDE; s++) {
                slots[s * STRIDE + OWNER] = FREE;
            }
        }

        private boolean isFree(int slot) {
            return slot >= slots.length / STRIDE || slots[slot * STRIDE + OWNER] == FREE && slot != ROOT;
        }

        /** The smallest base at which every child code lands on a free slot. */
        int findBase(int[] codes) {
            int min = Integer.MAX_VALUE;
            for (int k : codes) {
                min = Math.min(min, k);
            }
            while (!isFree(firstFree)) {
                firstFree++;
            }
            for (int base = Math.max(1, firstFree - min); ; base++) {
                boolean fits = true;
                for (int k : codes) {
                    if (!isFree(base + k)) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    return base;
                }
            }
        }

        void claim(int slot, int owner) {
            ensure(slot);
            slots[slot * STRIDE + OWNER] = slot == ROOT ? FREE : owner;
            used = Math.max(used, slot + 1);
        }

        void setBase(int slot, int base) {
            slots[slot * STRIDE + BASE] = base;
        }

        private void ensure(int slot) {
            if (slot * STRIDE + STRIDE > slots.length) {
                int old = slots.length / STRIDE;
                slots = Arrays.copyOf(slots, Math.max(slot + 1, old * 2) * STRIDE);
                markFree(old);
            }
        }

        /** Trimmed so that any base plus any code stays inside the array. */
        int[] finish(int maxCode) {
            int maxBase = 0;
            for (int s = 0; s < used; s++) {
                maxBase = Math.max(maxBase, slots[s * STRIDE + BASE]);
            }
            int length = Math.max(used, maxBase + maxCode + 1);
            ensure(length - 1);
            return Arrays.copyOf(slots, length * STRIDE);
        }
    }
}
