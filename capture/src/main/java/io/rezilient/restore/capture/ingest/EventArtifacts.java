package io.rezilient.restore.capture.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.artifact.ArtifactBodies;
import io.rezilient.restore.capture.artifact.ArtifactFields;
import io.rezilient.restore.capture.artifact.ArtifactKind;
import io.rezilient.restore.capture.artifact.CdcChange;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.artifact.MediaChange;
import io.rezilient.restore.contracts.time.IsoUtc;
import java.util.ArrayList;
import java.util.List;

/** Maps a validated CloudEvent to its artifact: the header its keys and manifest come from, and the body. */
final class EventArtifacts {
    private final String app;

    EventArtifacts(String app) {
        this.app = app;
    }

    EventHeader header(PreparedEvent prepared) {
        JsonNode e = prepared.event();
        ArtifactKind kind = switch (prepared.type().stream()) {
            case CDC -> ArtifactKind.CDC;
            case SCHEMA -> ArtifactKind.SCHEMA;
            case MEDIA -> ArtifactKind.MEDIA;
            case LOG -> ArtifactKind.ERROR;
            case REPAIR -> ArtifactKind.REPAIR;
        };
        String table = e.path("data").hasNonNull("table") ? e.path("data").get("table").textValue() : null;
        return new EventHeader(e.get("id").textValue(), prepared.type().wire(),
                IsoUtc.parse(e.get("time").textValue()).orElseThrow(), kind, prepared.tenantId(),
                prepared.instanceId(), e.get("source").textValue(), app, table);
    }

    ObjectNode body(PreparedEvent prepared, EventHeader header) {
        JsonNode data = prepared.event().get("data");
        return switch (prepared.type()) {
            case CDC_WRITE, CDC_DELETE -> ArtifactBodies.cdc(header, new CdcChange(text(data, "table"),
                    text(data, "record_sys_id"), text(data, "op"), data.get("schema_version").intValue(),
                    data.has("sys_mod_count") ? data.get("sys_mod_count").longValue() : null,
                    text(data, "sys_updated_on"), strings(data.get("changed_fields"))), data.get("snapshot_enc"));
            case SCHEMA_SNAPSHOT -> ArtifactBodies.schemaSnapshot(header, text(data, "table"),
                    data.get("schema_version").intValue(), text(data, "schema_hash"), data.get("snapshot_enc"));
            case SCHEMA_CHANGE -> ArtifactBodies.schemaChange(header, text(data, "table"), null, null,
                    data.get("change"));
            case MEDIA_MANIFEST, MEDIA_META, MEDIA_DELETE -> ArtifactBodies.media(header, new MediaChange(
                    text(data, "op"), text(data, "table"), text(data, "record_sys_id"),
                    text(data, "attachment_sys_id"), text(data, "media_id"),
                    data.has("size_bytes") ? data.get("size_bytes").longValue() : null,
                    text(data, "content_type"), lower(text(data, "sha256_plain")), text(data, "sys_updated_on")),
                    data.get("blob_enc"), data.get("meta_enc"));
            case ERROR_REPORT -> ArtifactBodies.report(header, ArtifactFields.ERROR, data);
            case REPAIR_REPORT -> ArtifactBodies.report(header, ArtifactFields.REPAIR, data);
        };
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String lower(String hex) {
        return hex == null ? null : hex.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> strings(JsonNode array) {
        List<String> names = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> names.add(n.asText()));
        }
        return names;
    }
}
