package io.rezilient.restore.capture.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Realistic CloudEvent batches for ingest tests. */
final class Batches {
    static final String SOURCE = "sn://acme-dev.service-now.com";
    static final String INCIDENT = "9d385017c611228701d22104cc95c371";
    static final String PLAINTEXT_DESCRIPTION = "Printer on floor 3 jams on every duplex job";
    static final String SHA = "148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940";

    private Batches() {
    }

    static ObjectNode event(String id, String type, ObjectNode data) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("specversion", "1.0").put("id", id).put("source", SOURCE).put("type", type)
                .put("time", "2026-02-21T10:00:0" + (id.length() % 10) + ".123Z").put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    static ObjectNode cdcWithPlaintext(String id, String op, String sysId, int modCount) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("op", op).put("table", "incident")
                .put("record_sys_id", sysId).put("schema_version", 3).put("sys_updated_on", "2026-02-21 09:59:58")
                .put("sys_mod_count", modCount);
        data.putObject("snapshot").put("sys_id", sysId).put("number", "INC0099001")
                .put("short_description", PLAINTEXT_DESCRIPTION).put("state", "2");
        data.putArray("changed_fields").add("short_description");
        return event(id, "D".equals(op) ? "cdc.delete" : "cdc.write", data);
    }

    static ObjectNode cdcDeleteWithProducerCiphertext(String id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("op", "D").put("table", "incident")
                .put("record_sys_id", INCIDENT).put("schema_version", 3).put("sys_updated_on", "2026-02-21 09:59:59");
        data.putObject("snapshot_enc").put("v", 1).put("alg", "AES-256-CBC").put("kid", "kms-01")
                .put("module", "x_rezrp_rezilient.encrypter").put("format", "kmf").put("compression", "gzip")
                .put("ciphertext", "Y2lwaGVydGV4dA==");
        return event(id, "cdc.delete", data);
    }

    static ObjectNode schemaSnapshotWithPlaintext(String id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("table", "incident").put("schema_hash", "abc123")
                .put("schema_version", 4);
        data.putObject("snapshot").putArray("fields").addObject().put("element", "u_secret_field_name").put("type", "string");
        return event(id, "schema.snapshot", data);
    }

    static ObjectNode schemaChange(String id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("table", "incident");
        data.putObject("change").put("element", "u_custom").put("kind", "add").putObject("new").put("type", "string");
        return event(id, "schema.change", data);
    }

    static ObjectNode mediaManifest(String id, String sha) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("op", "I").put("table", "incident")
                .put("record_sys_id", INCIDENT).put("attachment_sys_id", "att-1")
                .put("sys_created_on", "2026-02-21 09:00:00").put("sys_updated_on", "2026-02-21 09:00:00")
                .put("size_bytes", 2048).put("content_type", "image/png").put("sha256_plain", sha).put("media_id", "media-1");
        ObjectNode blob = data.putObject("blob_enc").put("alg", "AES-256-GCM").put("module", "x_rezrp_rezilient.encrypter")
                .put("format", "chunked").put("compression", "none");
        blob.putObject("chunking").put("chunk_size_bytes", 1048576).put("chunk_count", 1).put("format", "length_prefixed");
        data.putObject("meta_enc").put("alg", "AES-256-CBC").put("kid", "kms-01").put("ciphertext", "Y2lwaGVydGV4dA==");
        return event(id, "media.manifest", data);
    }

    static ObjectNode mediaDelete(String id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("op", "D").put("table", "incident")
                .put("record_sys_id", INCIDENT).put("attachment_sys_id", "att-1").put("sys_updated_on", "2026-02-21 09:30:00");
        return event(id, "media.delete", data);
    }

    static ObjectNode errorReport(String id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("source", SOURCE).put("severity", "warning")
                .put("message", "encrypt retry").put("component", "outbox");
        return event(id, "error.report", data);
    }

    static ObjectNode repairReport(String id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("source", SOURCE).put("component", "repairer")
                .put("stage", "replay").put("disposition", "requeued").put("repair_action", "republish")
                .put("original_event_id", "evt-0001").put("attempts", 1);
        return event(id, "repair.report", data);
    }

    static byte[] batch(List<ObjectNode> events) {
        ObjectNode batch = JsonNodeFactory.instance.objectNode().put("source", SOURCE)
                .put("sent_at", "2026-02-21T10:00:10.000Z").put("batch_id", "batch-1");
        ArrayNode array = batch.putArray("events");
        events.forEach(array::add);
        return Json.write(batch).getBytes(StandardCharsets.UTF_8);
    }
}
