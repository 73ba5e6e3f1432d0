package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.offsets.Offsets;

import java.time.Instant;
import java.util.Objects;

/**
 * One normalised event, ready to become an {@code index_events} row. Nullable components are the columns the
 * schema allows to be null; every rule beyond presence and the canonical offset is the database's (CHECKs).
 *
 * @param offset canonical decimal offset (no leading zeros); may exceed 2^63, stored exactly as NUMERIC(20,0)
 */
public record IndexedEvent(
        String tenantId, String instanceId, String source,
        String app, String table, String recordSysId, String attachmentSysId, String mediaId,
        String eventId, String eventType, String operation, Integer schemaVersion,
        Integer sysModCount, String sysUpdatedOn, Instant eventTime,
        String topic, int partition, String offset,
        String contentType, Long sizeBytes, String sha256Plain,
        String artifactKey, String manifestKey, String artifactKind,
        String generationId) {

    public IndexedEvent {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(artifactKey, "artifactKey");
        Objects.requireNonNull(manifestKey, "manifestKey");
        Objects.requireNonNull(artifactKind, "artifactKind");
        Objects.requireNonNull(generationId, "generationId");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition + " for event " + eventId);
        }
        if (offset == null || !offset.equals(Offsets.canonicalize(offset))) {
            throw new IllegalArgumentException("offset of event " + eventId + " must be a canonical decimal, got "
                    + offset);
        }
    }

    public PartitionKey partitionKey() {
        return new PartitionKey(tenantId, instanceId, source, topic, partition);
    }

    GenerationKey generationKey() {
        return new GenerationKey(partitionKey(), generationId);
    }

    EventKey eventKey() {
        return new EventKey(generationKey(), eventId);
    }
}
