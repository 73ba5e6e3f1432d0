package io.rezilient.restore.indexer.manifest;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated {@code rec.artifact-manifest.v1} document (indexer-spec §2.2): where the event's artifact is,
 * what it is, and its Kafka coordinates. Strings are trimmed and non-blank; build it with {@link ManifestParser}.
 *
 * @param manifestKey the object key the manifest was listed under (recorded, never derived from the artifact key)
 * @param layout      the object key layout the writer used
 * @param artifactKey absolute object key of the artifact body
 * @param artifactKind what the artifact holds
 * @param app         ServiceNow application scope, {@code null} when the manifest says {@code null}
 * @param table       table name, {@code null} for events without a table (schema, some errors)
 * @param eventId     the event's id
 * @param eventType   the event's CloudEvent type, e.g. {@code cdc.write}
 * @param eventTime   the event time, whole milliseconds
 * @param tenantId    the tenant, {@code null} when the manifest names none
 * @param instanceId  the ServiceNow instance id
 * @param source      the source URI
 * @param topic       Kafka topic
 * @param partition   Kafka partition, {@code >= 0}
 * @param offset      Kafka offset as a canonical decimal string (any size)
 */
public record Manifest(String manifestKey, ObjectKeyLayout layout, String artifactKey, ArtifactKind artifactKind,
                       String app, String table, String eventId, String eventType, Instant eventTime,
                       String tenantId, String instanceId, String source, String topic, int partition,
                       String offset) {
    /** {@code manifest_version} this parser understands. */
    public static final String MANIFEST_VERSION = "rec.artifact-manifest.v1";

    public Manifest {
        Objects.requireNonNull(manifestKey, "manifestKey");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(artifactKey, "artifactKey");
        Objects.requireNonNull(artifactKind, "artifactKind");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(offset, "offset");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
    }
}
