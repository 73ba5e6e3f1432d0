package io.rezilient.restore.capture.routing;

import java.nio.charset.StandardCharsets;

/**
 * Partition = {@code (murmur2(UTF-8 bytes of the partition key) & 0x7fffffff) % partitionCount}: the hash
 * Apache Kafka's default partitioner applies to keyed records, so our partition numbers are the ones a Kafka
 * producer (REC's transport) would pick for the same key and partition count, and they never change between
 * runs, machines or JVM versions.
 */
public final class Murmur2Partitioner {
    private static final int SEED = 0x9747b28c;
    private static final int MULTIPLIER = 0x5bd1e995;
    private static final int SHIFT = 24;

    private final int partitionCount;

    public Murmur2Partitioner(int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be at least 1, got " + partitionCount);
        }
        this.partitionCount = partitionCount;
    }

    public int partitionCount() {
        return partitionCount;
    }

    /** The partition of {@code partitionKey}. */
    public int partitionOf(String partitionKey) {
        return (murmur2(partitionKey.getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitionCount;
    }

    /** Kafka's 32-bit murmur2 variant (seed {@code 0x9747b28c}), as a signed int. */
    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int whole = length & ~3;
        for (int i = 0; i < whole; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= MULTIPLIER;
            k ^= k >>> SHIFT;
            k *= MULTIPLIER;
            h *= MULTIPLIER;
            h ^= k;
        }
        int tail = length & 3;
        if (tail == 3) {
            h ^= (data[whole + 2] & 0xff) << 16;
        }
        if (tail >= 2) {
            h ^= (data[whole + 1] & 0xff) << 8;
        }
        if (tail >= 1) {
            h ^= data[whole] & 0xff;
            h *= MULTIPLIER;
        }
        h ^= h >>> 13;
        h *= MULTIPLIER;
        h ^= h >>> 15;
        return h;
    }
}
