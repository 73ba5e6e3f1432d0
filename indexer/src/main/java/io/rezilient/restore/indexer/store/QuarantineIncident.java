package io.rezilient.restore.indexer.store;

import java.util.Objects;

/**
 * One failure to index an artifact, as {@link QuarantineStore#record} takes it.
 *
 * @param artifactKey null when the manifest itself could not be read
 * @param source      the source the artifact belongs to, null when unknown (then its whole ingest scope is blocked)
 * @param topic       with {@code partition}: the partition it belongs to, both null when unknown
 * @param reasonCode  a stable code for grouping and alerting
 * @param reason      the human-readable detail (error message)
 */
public record QuarantineIncident(String ingestScopeId, String manifestKey, String artifactKey, SourceKey source,
                                 String topic, Integer partition, String reasonCode, String reason) {
    public QuarantineIncident {
        Objects.requireNonNull(ingestScopeId, "ingestScopeId");
        Objects.requireNonNull(manifestKey, "manifestKey");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
        if ((topic == null) != (partition == null)) {
            throw new IllegalArgumentException("a quarantined artifact's topic and partition go together");
        }
        if (topic != null && source == null) {
            throw new IllegalArgumentException("a quarantined artifact's partition needs its source");
        }
    }

    /** An artifact of a known partition. */
    public static QuarantineIncident inPartition(String ingestScopeId, String manifestKey, String artifactKey,
                                                 PartitionKey partition, String reasonCode, String reason) {
        return new QuarantineIncident(ingestScopeId, manifestKey, artifactKey, partition.source(), partition.topic(),
                partition.partition(), reasonCode, reason);
    }

    /** An artifact whose source and partition are unknown (e.g. an unreadable manifest). */
    public static QuarantineIncident unlocated(String ingestScopeId, String manifestKey, String reasonCode,
                                               String reason) {
        return new QuarantineIncident(ingestScopeId, manifestKey, null, null, null, null, reasonCode, reason);
    }
}
