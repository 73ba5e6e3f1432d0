package io.rezilient.restore.indexer.store;

import java.util.Objects;

/** One partition of one source: the key of a watermark. Unlike the reference, {@code source} is part of it. */
public record PartitionKey(SourceKey source, String topic, int partition) {
    public PartitionKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
    }

    public PartitionKey(String tenantId, String instanceId, String source, String topic, int partition) {
        this(new SourceKey(tenantId, instanceId, source), topic, partition);
    }

    /** The key of this partition in {@code source_coverage.generation_span}. */
    public String spanKey() {
        return topic + ":" + partition;
    }

    @Override
    public String toString() {
        return source + "/" + topic + "/" + partition;
    }
}
