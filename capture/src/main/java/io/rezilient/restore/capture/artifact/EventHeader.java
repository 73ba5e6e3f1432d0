package io.rezilient.restore.capture.artifact;

import java.time.Instant;
import java.util.Objects;

/**
 * The facts about one captured event that its keys and manifest are made of.
 *
 * @param eventId    the CloudEvent id
 * @param eventType  the CloudEvent type ({@code cdc.write}, {@code media.manifest}, …)
 * @param eventTime  when the event happened (millisecond precision is kept)
 * @param kind       what the artifact holds
 * @param tenantId   the tenant the data belongs to
 * @param instanceId the source instance id (e.g. {@code acme-prod})
 * @param source     the source URI (e.g. {@code sn://acme.service-now.com})
 * @param app        the producing application scope, or null
 * @param table      the table the event is about, or null (error and repair events)
 */
public record EventHeader(String eventId, String eventType, Instant eventTime, ArtifactKind kind, String tenantId,
                          String instanceId, String source, String app, String table) {
    public EventHeader {
        requireText(eventId, "event_id");
        requireText(eventType, "event_type");
        Objects.requireNonNull(eventTime, "event_time");
        Objects.requireNonNull(kind, "artifact_kind");
        requireText(tenantId, "tenant_id");
        requireText(instanceId, "instance_id");
        requireText(source, "source");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank string");
        }
    }
}
