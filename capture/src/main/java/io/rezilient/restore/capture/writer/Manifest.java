package io.rezilient.restore.capture.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import io.rezilient.restore.capture.artifact.ArtifactKind;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The manifest of one event ({@code rec.artifact-manifest.v1}, indexer-spec §2.2): where the artifact is, what it
 * is, and its Kafka coordinates. Written after the artifact, so a visible manifest always has its artifact.
 */
public record Manifest(LayoutVersion layout, String artifactKey, ArtifactKind kind, String app, String table,
                       String eventId, String eventType, Instant eventTime, String tenantId, String instanceId,
                       String source, String topic, int partition, long offset, String artifactSha256,
                       long artifactSizeBytes, String artifactContentType) {
    public static final String MANIFEST_VERSION = "rec.artifact-manifest.v1";
    public static final String CONTENT_TYPE = "application/json";

    /** The manifest as UTF-8 JSON, fields in a fixed order, offset as a decimal string. */
    public byte[] toJsonBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
            json.writeStringField("manifest_version", MANIFEST_VERSION);
            json.writeStringField("metadata_allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
            json.writeStringField("object_key_layout_version", layout.id());
            json.writeStringField("artifact_key", artifactKey);
            json.writeStringField("artifact_kind", kind.wire());
            json.writeStringField("app", app);
            json.writeStringField("table", table);
            json.writeStringField("event_id", eventId);
            json.writeStringField("event_type", eventType);
            json.writeStringField("event_time", IsoUtc.format(eventTime));
            json.writeStringField("tenant_id", tenantId);
            json.writeStringField("instance_id", instanceId);
            json.writeStringField("source", source);
            json.writeStringField("topic", topic);
            json.writeNumberField("partition", partition);
            json.writeStringField("offset", Long.toString(offset));
            json.writeStringField("artifact_sha256", artifactSha256);
            json.writeNumberField("artifact_size_bytes", artifactSizeBytes);
            json.writeStringField("artifact_content_type", artifactContentType);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise manifest of event " + eventId, e);
        }
        return out.toByteArray();
    }
}
