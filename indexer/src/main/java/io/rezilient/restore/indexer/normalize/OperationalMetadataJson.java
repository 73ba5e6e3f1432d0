package io.rezilient.restore.indexer.normalize;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.time.IsoUtc;

import static io.rezilient.restore.indexer.manifest.MetadataKeys.ATTACHMENT_SYS_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.CONTENT_TYPE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_TYPE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.INSTANCE_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.MEDIA_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.OFFSET;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.OPERATION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.PARTITION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.RECORD_SYS_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SCHEMA_VERSION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SHA256_PLAIN;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SIZE_BYTES;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SOURCE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_MOD_COUNT;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_UPDATED_ON;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TABLE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TENANT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TIME;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TOPIC;

/**
 * A {@link NormalizedEvent}'s metadata as the allow-listed JSON object ({@code RrsOperationalMetadata}): what plan
 * rows carry and what diagnostics print. Absent metadata is left out, as in the reference.
 */
public final class OperationalMetadataJson {
    private OperationalMetadataJson() {
    }

    public static ObjectNode of(NormalizedEvent event) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        putText(json, TENANT_ID, event.tenantId());
        putText(json, INSTANCE_ID, event.instanceId());
        putText(json, SOURCE, event.source());
        putText(json, TABLE, event.table());
        putText(json, RECORD_SYS_ID, event.recordSysId());
        putText(json, ATTACHMENT_SYS_ID, event.attachmentSysId());
        putText(json, MEDIA_ID, event.mediaId());
        putText(json, EVENT_ID, event.eventId());
        putText(json, EVENT_TYPE, event.eventType());
        putText(json, OPERATION, event.operation() == null ? null : event.operation().wire());
        putNumber(json, SCHEMA_VERSION, event.schemaVersion());
        putText(json, SYS_UPDATED_ON, event.sysUpdatedOn());
        putNumber(json, SYS_MOD_COUNT, event.sysModCount());
        putText(json, TIME, IsoUtc.format(event.eventTime()));
        putText(json, TOPIC, event.topic());
        json.put(PARTITION, event.partition());
        putText(json, OFFSET, event.offset());
        putText(json, CONTENT_TYPE, event.contentType());
        putNumber(json, SIZE_BYTES, event.sizeBytes());
        putText(json, SHA256_PLAIN, event.sha256Plain());
        return json;
    }

    private static void putText(ObjectNode json, String key, String value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    private static void putNumber(ObjectNode json, String key, Number value) {
        if (value != null) {
            json.put(key, value.longValue());
        }
    }
}
