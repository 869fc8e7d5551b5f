package io.switchboard.tagging;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in one pass
 * over the text, so the cost of a scan depends on the text and the number of hits, not on how many
 * patterns there are. Chinese needs no word segmentation: patterns are plain character sequences.
 *
 * <p>So that a step costs about the same however large the dictionary is: the root's transitions are
 * one dense array over all UTF-16 units (most characters of most texts start from the root); a state
 * with a single child (most states inside a phrase) keeps that child inline; only states with several
 * children look up one shared open-addressing table keyed by (state, char). Immutable and thread-safe
 * once built.
 */
public final class AhoCorasick {

    /** Receives each match: the pattern's index in the build list and its [start, end) in the text. */
    @FunctionalInterface
    public interface MatchSink {
        void match(int pattern, int start, int end);
    }

    private static final int ROOT = 0;

    private final long[] keys;
    private final int[] targets;
    private final int mask;
    private final int[] rootNext = new int[Character.MAX_VALUE + 1];
    /** The only child of a state: its target, {@link #NO_CHILD}, or {@link #MANY_CHILDREN}. */
    private final int[] onlyChild;
    private final char[] onlyChar;
    private final int[] fail;
    /** First pattern ending exactly at a state, or -1. */
    private final int[] output;
    /** Further patterns ending at the same state (same text, listed twice), chained; -1 ends. */
    private final int[] nextSamePattern;
    /** Nearest state on the failure chain that has an output, or -1: reports shorter suffix matches. */
    private final int[] dictLink;
    private final int[] patternLength;

    private static final int NO_CHILD = -1;
    private static final int MANY_CHILDREN = -2;

    private AhoCorasick(long[] keys, int[] targets, int[] fail, int[] output, int[] nextSamePattern, int[] dictLink,
            int[] patternLength, int[] onlyChild, char[] onlyChar) {
        this.keys = keys;
        this.targets = targets;
        this.mask = keys.length - 1;
        this.fail = fail;
        this.output = output;
        this.nextSamePattern = nextSamePattern;
        this.dictLink = dictLink;
        this.patternLength = patternLength;
        this.onlyChild = onlyChild;
        this.onlyChar = onlyChar;
        Arrays.fill(rootNext, -1);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && (keys[i] >>> 16) == ROOT) {
                rootNext[(int) (keys[i] & 0xffff)] = targets[i];
            }
        }
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
        return fail.length;
    }

    /** Reports every occurrence of every pattern, in order of their end positions. */
    public void scan(CharSequence text, MatchSink sink) {
        int state = ROOT;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int next = step(state, c);
            while (next < 0 && state != ROOT) {
                state = fail[state];
                next = step(state, c);
            }
            state = next < 0 ? ROOT : next;
            for (int s = output[state] >= 0 ? state : dictLink[state]; s >= 0; s = dictLink[s]) {
                for (int p = output[s]; p >= 0; p = nextSamePattern[p]) {
                    sink.match(p, i + 1 - patternLength[p], i + 1);
                }
            }
        }
    }

    private int step(int state, char c) {
        if (state == ROOT) {
            return rootNext[c];
        }
        int only = onlyChild[state];
        if (only >= 0) {
            return onlyChar[state] == c ? only : -1;
        }
        return only == NO_CHILD ? -1 : lookup(state, c);
    }

    private int lookup(int state, char c) {
        long key = key(state, c);
        for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return targets[slot];
            }
            if (k == EMPTY) {
                return -1;
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

        AhoCorasick finish() {
            int n = states;
            // children lists, so the breadth-first pass can walk the trie without the hash table
            int[] firstChild = new int[n];
            int[] sibling = new int[n];
            int[] onlyChild = new int[n];
            char[] onlyChar = new char[n];
            Arrays.fill(firstChild, -1);
            Arrays.fill(onlyChild, NO_CHILD);
            for (int s = n - 1; s >= 1; s--) {
                int parent = parentState[s];
                sibling[s] = firstChild[parent];
                firstChild[parent] = s;
                onlyChild[parent] = onlyChild[parent] == NO_CHILD ? s : MANY_CHILDREN;
                onlyChar[parent] = viaChar[s];
            }
            int[] fail = new int[n];
            int[] dictLink = new int[n];
            Arrays.fill(dictLink, -1);
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int child = firstChild[ROOT]; child >= 0; child = sibling[child]) {
                fail[child] = ROOT;
                queue.add(child);
            }
            while (!queue.isEmpty()) {
                int s = queue.poll();
                for (int child = firstChild[s]; child >= 0; child = sibling[child]) {
                    char c = viaChar[child];
                    int f = fail[s];
                    int target = get(f, c);
                    while (target < 0 && f != ROOT) {
                        f = fail[f];
                        target = get(f, c);
                    }
                    fail[child] = target < 0 || target == child ? ROOT : target;
                    int link = fail[child];
                    dictLink[child] = output[link] >= 0 ? link : dictLink[link];
                    queue.add(child);
                }
            }
            int capacity = Integer.highestOneBit(Math.max(2, size * 2 - 1)) << 1;
            long[] k = new long[capacity];
            int[] t = new int[capacity];
            Arrays.fill(k, EMPTY);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY) {
                    insert(k, t, keys[i], targets[i]);
                }
            }
            return new AhoCorasick(k, t, fail, Arrays.copyOf(output, n), nextSamePattern, dictLink, patternLength,
                    onlyChild, onlyChar);
        }
    }
}
