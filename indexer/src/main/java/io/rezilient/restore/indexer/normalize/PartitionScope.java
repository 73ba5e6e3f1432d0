package io.rezilient.restore.indexer.normalize;

import java.util.Objects;

/**
 * The partition an event belongs to, taken from the event's own canonical metadata (never from the tenant the
 * source is configured with). Watermarks and freshness are kept per partition scope.
 */
public record PartitionScope(String tenantId, String instanceId, String source, String topic, int partition) {
    public PartitionScope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
    }
}
