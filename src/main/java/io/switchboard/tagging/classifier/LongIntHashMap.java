package io.switchboard.tagging.classifier;



/** Open-addressing (linear probing) map from long keys to non-negative int values. */
final class LongIntHashMap {

    static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private boolean hasZero;
    private int zeroValue;

    LongIntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9e3779b97f4a7c15L;
        return (int) (h >>> 32) & mask;
    }

    int get(long key) {
        if (key == 0) {
            return hasZero ? zeroValue : MISSING;
        }
        int i = slot(key, mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long key, int value) {
        if (key == 0) {
            hasZero = true;
            zeroValue = value;
            return;
        }
        int i = slot(key, mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds delta to the value of key (absent keys count as 0). */
    void increment(long key, int delta) {
        int v = get(key);
        put(key, (v == MISSING ? 0 : v) + delta);
    }

    /** Calls the consumer for every entry (in unspecified order). */
    void forEach(java.util.function.BiConsumer<Long, Integer> consumer) {
        if (hasZero) {
            consumer.accept(0L, zeroValue);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                consumer.accept(keys[i], values[i]);
            }
        }
    }

    long[] keysArray() {
        long[] out = new long[size()];
        int j = 0;
        if (hasZero) {
            out[j++] = 0;
        }
        for (long k : keys) {
            if (k != 0) {
                out[j++] = k;
            }
        }
        return out;
    }

    private void grow() {
        long[] oldK = keys;
        int[] oldV = values;
        int cap = oldK.length * 2;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        size = 0;
        for (int i = 0; i < oldK.length; i++) {
            if (oldK[i] != 0) {
                put(oldK[i], oldV[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "LongIntHashMap{size=" + size() + ", capacity=" + keys.length + "}";
    }

}
