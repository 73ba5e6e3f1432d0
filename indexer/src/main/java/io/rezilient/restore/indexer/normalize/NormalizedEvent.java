package io.rezilient.restore.indexer.normalize;

import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.indexer.manifest.ArtifactKind;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One event as the index stores it: validated, allow-listed operational metadata plus where its artifact lives.
 * Optional metadata is {@code null} when the event did not carry it. Nothing here is a record value: those stay
 * encrypted in the artifact.
 *
 * @param tenantId        tenant, from the event's own metadata or manifest (kept exactly as the event wrote it)
 * @param instanceId      ServiceNow instance id
 * @param source          source URI
 * @param topic           Kafka topic
 * @param partition       Kafka partition
 * @param offset          Kafka offset, canonical decimal string of any size
 * @param eventTime       event time ({@code __time}), whole milliseconds
 * @param table           table name, or {@code null}
 * @param recordSysId     the record's {@code sys_id}, or {@code null}
 * @param attachmentSysId attachment {@code sys_id}, or {@code null}
 * @param mediaId         media id, or {@code null}
 * @param eventId         event id
 * @param eventType       event type, e.g. {@code cdc.write}
 * @param operation       insert, update or delete, or {@code null}
 * @param schemaVersion   table schema version ({@code > 0}), or {@code null}
 * @param sysModCount     ServiceNow {@code sys_mod_count}, or {@code null}
 * @param sysUpdatedOn    ServiceNow {@code sys_updated_on} ({@code YYYY-MM-DD HH:mm:ss}, UTC), or {@code null}
 * @param contentType     media content type, or {@code null}
 * @param sizeBytes       media size in bytes, or {@code null}
 * @param sha256Plain     SHA-256 of the plaintext media, lower-case hex, or {@code null}
 * @param artifactKind    what the artifact holds
 * @param artifactKey     object key of the artifact body
 * @param manifestKey     object key of the manifest it was listed under
 * @param app             application scope from the manifest, or {@code null}
 */
public record NormalizedEvent(String tenantId, String instanceId, String source, String topic, int partition,
                              String offset, Instant eventTime, String table, String recordSysId,
                              String attachmentSysId, String mediaId, String eventId, String eventType,
                              SourceOperation operation, Integer schemaVersion, Integer sysModCount,
                              String sysUpdatedOn, String contentType, Long sizeBytes, String sha256Plain,
                              ArtifactKind artifactKind, String artifactKey, String manifestKey, String app) {
    public NormalizedEvent {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(artifactKind, "artifactKind");
        Objects.requireNonNull(artifactKey, "artifactKey");
        Objects.requireNonNull(manifestKey, "manifestKey");
    }

    /** The partition this event advances. */
    public PartitionScope scope() {
        return new PartitionScope(tenantId, instanceId, source, topic, partition);
    }

    /** The offset as a number, for ordering and range checks. */
    public BigInteger offsetValue() {
        return new BigInteger(offset);
    }
}
