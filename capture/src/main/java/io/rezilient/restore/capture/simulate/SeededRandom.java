package io.rezilient.restore.capture.simulate;

import java.util.List;

/**
 * SplitMix64: a tiny, fully specified generator, so a seed gives the same workload on every JVM and machine
 * (the JDK's generators do not promise their algorithms stay the same). Not thread-safe.
 */
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}, without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Uniform in {@code [from, to]}. */
    public int between(int from, int to) {
        return from + nextInt(to - from + 1);
    }

    /** Uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    public <T> T pick(List<T> items) {
        return items.get(nextInt(items.size()));
    }

    public <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }

    /** 32 lowercase hex digits: a ServiceNow-style sys_id. */
    public String hex32() {
        char[] out = new char[32];
        fillHex(out, 0, nextLong());
        fillHex(out, 16, nextLong());
        return new String(out);
    }

    public void nextBytes(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            long r = nextLong();
            for (int b = 0; b < 8 && i < bytes.length; b++, r >>>= 8) {
                bytes[i++] = (byte) r;
            }
        }
    }

    /** An independent generator derived from this one (for work whose amount should not shift other draws). */
    public SeededRandom fork() {
        return new SeededRandom(nextLong());
    }

    private static void fillHex(char[] out, int at, long value) {
        for (int i = 15; i >= 0; i--, value >>>= 4) {
            out[at + i] = HEX[(int) (value & 0xF)];
        }
    }
}
