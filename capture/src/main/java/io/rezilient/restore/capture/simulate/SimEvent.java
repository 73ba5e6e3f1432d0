package io.rezilient.restore.capture.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.artifact.CdcChange;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.artifact.MediaChange;

/** One planned event with its plaintext content; immutable, so a writer thread can encrypt it while the planner moves on. */
sealed interface SimEvent {

    EventHeader header();

    /**
     * The CloudEvent facts this event's route depends on: {@code type}, {@code source} and the {@code data} fields
     * of its partition key, for {@link io.rezilient.restore.capture.routing.EventRouter}. The simulator has no
     * CloudEvent of its own, and building this small one keeps it on the same routing rules as ingest.
     */
    ObjectNode routingEvent();

    private static ObjectNode envelope(EventHeader header, ObjectNode data) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", header.eventType());
        event.put("source", header.source());
        event.set("data", data);
        return event;
    }

    /** A record insert, update or delete; {@code recordJson} is the full (or, for D, last known) record. */
    record Cdc(EventHeader header, CdcChange change, byte[] recordJson) implements SimEvent {
        @Override
        public ObjectNode routingEvent() {
            return envelope(header, JsonNodeFactory.instance.objectNode().put("table", change.table())
                    .put("record_sys_id", change.recordSysId()));
        }
    }

    /** An attachment added (with its bytes and encrypted metadata) or removed. */
    record Media(EventHeader header, MediaChange change, byte[] bytes, byte[] metaJson, String fileName)
            implements SimEvent {
        @Override
        public ObjectNode routingEvent() {
            return envelope(header, JsonNodeFactory.instance.objectNode().put("table", change.table())
                    .put("record_sys_id", change.recordSysId()).put("attachment_sys_id", change.attachmentSysId())
                    .put("media_id", change.mediaId()));
        }
    }

    /** A schema snapshot ({@code snapshotJson} set) or change ({@code change} set). */
    record Schema(EventHeader header, String table, int schemaVersion, String schemaHash, byte[] snapshotJson,
                  JsonNode change) implements SimEvent {
        @Override
        public ObjectNode routingEvent() {
            return envelope(header, JsonNodeFactory.instance.objectNode().put("table", table));
        }
    }
}
