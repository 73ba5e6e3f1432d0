package io.rezilient.restore.capture.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;

import static io.rezilient.restore.capture.artifact.ArtifactFields.*;

/**
 * Builds artifact bodies: the flattened REC metadata the indexer extracts (indexer-spec §2.3), the identity
 * fields, and the encrypted parts the restore service and agent read (service-spec §4.5). Record values only
 * ever appear inside encrypted payloads, which are passed in as JSON (ours, or a producer's envelope taken over
 * unchanged). Field order is fixed, so equal inputs give equal bytes.
 */
public final class ArtifactBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ArtifactBodies() {
    }

    /** A CDC artifact: {@code row_enc} holds the full record for I/U and the last known record for D. */
    public static ObjectNode cdc(EventHeader header, CdcChange change, JsonNode rowEnc) {
        ObjectNode body = common(header, change.table());
        body.put(RECORD_SYS_ID, change.recordSysId());
        body.put(OP, change.op());
        body.put(SCHEMA_VERSION, change.schemaVersion());
        if (change.sysModCount() != null) {
            body.put(SYS_MOD_COUNT, change.sysModCount());
        }
        body.put(SYS_UPDATED_ON, change.sysUpdatedOn());
        identity(body, header);
        body.set(ROW_ENC, rowEnc.deepCopy());
        if (!change.changedFields().isEmpty()) {
            ArrayNode names = body.putArray(CHANGED_FIELDS);
            change.changedFields().forEach(names::add);
        }
        return body;
    }

    /**
     * A media artifact: allow-listed attachment facts in {@code media}, the encrypted bytes described by
     * {@code media.blob_enc} and the encrypted attachment metadata in {@code meta_enc} (both null for a delete).
     */
    public static ObjectNode media(EventHeader header, MediaChange change, JsonNode blobEnc, JsonNode metaEnc) {
        ObjectNode body = common(header, change.table());
        body.put(RECORD_SYS_ID, change.recordSysId());
        body.put(ATTACHMENT_SYS_ID, change.attachmentSysId());
        body.put(OP, change.op());
        body.put(SYS_UPDATED_ON, change.sysUpdatedOn());
        identity(body, header);
        ObjectNode media = body.putObject(MEDIA);
        media.put("op", change.op());
        media.put("table", change.table());
        media.put("record_sys_id", change.recordSysId());
        media.put("attachment_sys_id", change.attachmentSysId());
        if (change.mediaId() != null) {
            media.put("media_id", change.mediaId());
        }
        if (change.sizeBytes() != null) {
            media.put("size_bytes", change.sizeBytes());
        }
        if (change.contentType() != null) {
            media.put("content_type", change.contentType());
        }
        if (change.sha256Plain() != null) {
            media.put("sha256_plain", change.sha256Plain());
        }
        if (blobEnc != null) {
            media.set(BLOB_ENC, blobEnc.deepCopy());
        }
        if (metaEnc != null) {
            body.set(META_ENC, metaEnc.deepCopy());
        }
        return body;
    }

    /** A schema snapshot: the table's field list travels encrypted in {@code snapshot_enc}. */
    public static ObjectNode schemaSnapshot(EventHeader header, String table, int schemaVersion, String schemaHash,
                                            JsonNode snapshotEnc) {
        ObjectNode body = schemaCommon(header, table, schemaVersion, schemaHash);
        body.set(SNAPSHOT_ENC, snapshotEnc.deepCopy());
        return body;
    }

    /**
     * A schema change: one element added, altered or dropped ({@code {element, kind, new?}}: structure, no values).
     * The resulting version and hash are null when the producer did not say.
     */
    public static ObjectNode schemaChange(EventHeader header, String table, Integer schemaVersion, String schemaHash,
                                          JsonNode change) {
        ObjectNode body = schemaCommon(header, table, schemaVersion, schemaHash);
        body.set(CHANGE, change.deepCopy());
        return body;
    }

    /** An error or repair report: the flattened event facts plus the report's details under {@code field}. */
    public static ObjectNode report(EventHeader header, String field, JsonNode details) {
        ObjectNode body = common(header, header.table());
        identity(body, header);
        body.set(field, details.deepCopy());
        return body;
    }

    /** The body as compact UTF-8 JSON. */
    public static byte[] bytes(ObjectNode body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise artifact body", e);
        }
    }

    private static ObjectNode schemaCommon(EventHeader header, String table, Integer schemaVersion, String schemaHash) {
        ObjectNode body = common(header, table);
        if (schemaVersion != null) {
            body.put(SCHEMA_VERSION, schemaVersion);
        }
        identity(body, header);
        ObjectNode schema = body.putObject(SCHEMA);
        schema.put("table", table);
        if (schemaVersion != null) {
            schema.put("schema_version", schemaVersion);
        }
        if (schemaHash != null) {
            schema.put("schema_hash", schemaHash);
        }
        return body;
    }

    private static ObjectNode common(EventHeader header, String table) {
        ObjectNode body = NODES.objectNode();
        body.put(EVENT_ID, header.eventId());
        body.put(TYPE, header.eventType());
        body.put(TIME, IsoUtc.format(header.eventTime()));
        body.put(SOURCE, header.source());
        if (table != null) {
            body.put(TABLE, table);
        }
        return body;
    }

    private static void identity(ObjectNode body, EventHeader header) {
        body.put(TENANT_ID, header.tenantId());
        body.put(INSTANCE_ID, header.instanceId());
    }
}
