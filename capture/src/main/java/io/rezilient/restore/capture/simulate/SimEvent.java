package io.rezilient.restore.capture.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.capture.artifact.CdcChange;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.artifact.MediaChange;
import io.rezilient.restore.capture.routing.Topics;

/** One planned event with its plaintext content; immutable, so a writer thread can encrypt it while the planner moves on. */
sealed interface SimEvent {

    EventHeader header();

    String topic();

    /** The reference partition key: {@code <table>/<sys_id>} for CDC, the attachment id for media, the table for schema. */
    String partitionKey();

    /** A record insert, update or delete; {@code recordJson} is the full (or, for D, last known) record. */
    record Cdc(EventHeader header, CdcChange change, byte[] recordJson) implements SimEvent {
        @Override
        public String topic() {
            return Topics.CDC;
        }

        @Override
        public String partitionKey() {
            return change.table() + "/" + change.recordSysId();
        }
    }

    /** An attachment added (with its bytes and encrypted metadata) or removed. */
    record Media(EventHeader header, MediaChange change, byte[] bytes, byte[] metaJson, String fileName)
            implements SimEvent {
        @Override
        public String topic() {
            return Topics.MEDIA;
        }

        @Override
        public String partitionKey() {
            return change.attachmentSysId();
        }
    }

    /** A schema snapshot ({@code snapshotJson} set) or change ({@code change} set). */
    record Schema(EventHeader header, String table, int schemaVersion, String schemaHash, byte[] snapshotJson,
                  JsonNode change) implements SimEvent {
        @Override
        public String topic() {
            return Topics.SCHEMA;
        }

        @Override
        public String partitionKey() {
            return table;
        }
    }
}
