package io.rezilient.restore.capture.truth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the ground truth as JSON lines (format {@value TruthLines#FORMAT}): a header line, then one line per
 * event in event order. Each record line is the record's full state from its event time until the next line of
 * the same record; {@link GroundTruth} turns the lines into validity intervals. Not thread-safe.
 */
public final class GroundTruthFile implements GroundTruthSink {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final OutputStream out;
    private final JsonGenerator json;

    public GroundTruthFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.path.getParent());
            this.out = new BufferedOutputStream(Files.newOutputStream(this.path), BUFFER_BYTES);
            this.json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ground-truth file " + this.path, e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void header(TruthHeader h) {
        line(() -> {
            json.writeStringField(TruthLines.KIND, TruthLines.HEADER);
            json.writeStringField("format", TruthLines.FORMAT);
            json.writeStringField("tenant_id", h.tenantId());
            json.writeStringField("instance_id", h.instanceId());
            json.writeStringField("source", h.source());
            json.writeNumberField("seed", h.seed());
            json.writeStringField("start", IsoUtc.format(h.start()));
            json.writeStringField("end", IsoUtc.format(h.end()));
            json.writeStringField("layout", h.layout());
            json.writeStringField("prefix", h.prefix());
            json.writeNumberField("partitions", h.partitions());
            json.writeArrayFieldStart("tables");
            for (String table : h.tables()) {
                json.writeString(table);
            }
            json.writeEndArray();
            json.writeNumberField("records", h.records());
            json.writeNumberField("events", h.events());
        });
    }

    @Override
    public void record(RecordVersion v) {
        line(() -> {
            json.writeStringField(TruthLines.KIND, TruthLines.RECORD);
            json.writeStringField("table", v.table());
            json.writeStringField("sys_id", v.sysId());
            json.writeStringField("op", v.op());
            json.writeStringField("event_id", v.eventId());
            json.writeStringField("event_time", IsoUtc.format(v.eventTime()));
            json.writeNumberField("sys_mod_count", v.sysModCount());
            json.writeNumberField("schema_version", v.schemaVersion());
            json.writeStringField("topic", v.topic());
            json.writeNumberField("partition", v.partition());
            json.writeStringField("offset", Long.toString(v.offset()));
            json.writeStringField("artifact_key", v.artifactKey());
            json.writeFieldName("record");
            json.writeTree(v.record());
        });
    }

    @Override
    public void media(MediaVersion v) {
        line(() -> {
            json.writeStringField(TruthLines.KIND, TruthLines.MEDIA);
            json.writeStringField("attachment_sys_id", v.attachmentSysId());
            json.writeStringField("media_id", v.mediaId());
            json.writeStringField("table", v.table());
            json.writeStringField("record_sys_id", v.recordSysId());
            json.writeStringField("op", v.op());
            json.writeStringField("event_id", v.eventId());
            json.writeStringField("event_time", IsoUtc.format(v.eventTime()));
            json.writeNumberField("size_bytes", v.sizeBytes());
            json.writeStringField("content_type", v.contentType());
            json.writeStringField("sha256_plain", v.sha256Plain());
            json.writeStringField("file_name", v.fileName());
            json.writeStringField("artifact_key", v.artifactKey());
            json.writeStringField("blob_key", v.blobKey());
        });
    }

    @Override
    public void schema(SchemaVersion v) {
        line(() -> {
            json.writeStringField(TruthLines.KIND, TruthLines.SCHEMA);
            json.writeStringField("table", v.table());
            json.writeStringField("event_type", v.eventType());
            json.writeNumberField("schema_version", v.schemaVersion());
            json.writeStringField("schema_hash", v.schemaHash());
            json.writeStringField("event_id", v.eventId());
            json.writeStringField("event_time", IsoUtc.format(v.eventTime()));
            json.writeStringField("artifact_key", v.artifactKey());
        });
    }

    @Override
    public void close() {
        try {
            json.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish ground-truth file " + path, e);
        }
    }

    private interface Fields {
        void write() throws IOException;
    }

    private void line(Fields fields) {
        try {
            json.writeStartObject();
            fields.write();
            json.writeEndObject();
            json.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground-truth file " + path, e);
        }
    }
}
