package io.rezilient.restore.indexer.backfill;

import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.SourceKey;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What a run indexes: offsets {@code firstOffset..lastOffset} (both inclusive) of one layout-v2 partition of a
 * source.
 */
public record BackfillWindow(String tenantId, String instanceId, String source, String topic, int partition,
                             BigInteger firstOffset, BigInteger lastOffset) {
    public BackfillWindow {
        requireText(tenantId, "tenant");
        requireText(instanceId, "instance");
        requireText(source, "source");
        requireText(topic, "topic");
        if (partition < 0) {
            throw new BackfillException("backfill_window_invalid", "partition must be >= 0, got " + partition);
        }
        Objects.requireNonNull(firstOffset, "firstOffset");
        Objects.requireNonNull(lastOffset, "lastOffset");
        if (firstOffset.signum() < 0 || firstOffset.compareTo(lastOffset) > 0) {
            throw new BackfillException("backfill_window_invalid", "offset window " + firstOffset + ".." + lastOffset
                    + " must start at 0 or above and not after its end");
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new BackfillException("backfill_window_invalid", what + " must not be blank");
        }
    }

    /** The partition's directory name under the layout-v2 root (see docs/object-layout.md §1.3). */
    public String shardKey() {
        return "tenant=" + tenantId + "/instance=" + instanceId + "/topic=" + topic + "/partition=" + partition;
    }

    public SourceKey sourceKey() {
        return new SourceKey(tenantId, instanceId, source);
    }

    /** The partition in the index the window belongs to. */
    public PartitionKey partitionKey() {
        return new PartitionKey(sourceKey(), topic, partition);
    }

    /** How many offsets the window holds. */
    public BigInteger size() {
        return lastOffset.subtract(firstOffset).add(BigInteger.ONE);
    }
}
