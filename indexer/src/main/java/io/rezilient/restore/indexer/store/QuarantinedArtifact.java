package io.rezilient.restore.indexer.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code quarantined_artifacts}.
 *
 * @param attempts      failed attempts so far
 * @param nextAttemptAt when it is due for retry; null once automatic retries are exhausted, or when resolved
 * @param resolution    null while open
 */
public record QuarantinedArtifact(String ingestScopeId, String manifestKey, String artifactKey, SourceKey source,
                                  String topic, Integer partition, String reasonCode, String reason,
                                  Instant firstSeenAt, Instant lastSeenAt, int attempts, Instant nextAttemptAt,
                                  Instant resolvedAt, QuarantineResolution resolution, String resolvedBy) {
    public boolean open() {
        return resolvedAt == null;
    }

    /** The partition it blocks, when known. */
    public Optional<PartitionKey> partitionKey() {
        return topic == null ? Optional.empty() : Optional.of(new PartitionKey(source, topic, partition));
    }
}
