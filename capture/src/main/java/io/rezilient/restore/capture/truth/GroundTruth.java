package io.rezilient.restore.capture.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loaded ground-truth file: for any time T, the exact state of every record of the workload.
 *
 * <p>The state at T is the newest version whose event time is at or before T (the restore service's cutoff
 * rule, {@code event_time <= cutoff}); a delete there, or no version yet, means the record did not exist. Holds
 * every version in memory: meant for test-sized workloads.
 */
public final class GroundTruth {
    /** A record's identity. */
    public record RecordRef(String table, String sysId) {
    }

    /** A stretch of time in which a record had one state: {@code [from, to)}, {@code to} null = still current. */
    public record Interval(Instant from, Instant to, RecordVersion version) {
        public boolean exists() {
            return !version.isDelete();
        }
    }

    private final TruthHeader header;
    private final Map<RecordRef, List<RecordVersion>> history;
    private final List<RecordVersion> records;
    private final List<MediaVersion> media;
    private final List<SchemaVersion> schemas;

    private GroundTruth(TruthHeader header, Map<RecordRef, List<RecordVersion>> history, List<RecordVersion> records,
                        List<MediaVersion> media, List<SchemaVersion> schemas) {
        this.header = header;
        this.history = history;
        this.records = records;
        this.media = media;
        this.schemas = schemas;
    }

    /** Reads a file written by {@link GroundTruthFile}; a malformed line is an error naming its line number. */
    public static GroundTruth load(Path file) {
        TruthHeader header = null;
        Map<RecordRef, List<RecordVersion>> history = new LinkedHashMap<>();
        List<RecordVersion> records = new ArrayList<>();
        List<MediaVersion> media = new ArrayList<>();
        List<SchemaVersion> schemas = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
                }
                String kind = node.path(TruthLines.KIND).asText();
                switch (kind) {
                    case TruthLines.HEADER -> header = header(node, file, number);
                    case TruthLines.RECORD -> {
                        RecordVersion v = record(node);
                        records.add(v);
                        history.computeIfAbsent(new RecordRef(v.table(), v.sysId()), k -> new ArrayList<>()).add(v);
                    }
                    case TruthLines.MEDIA -> media.add(media(node));
                    case TruthLines.SCHEMA -> schemas.add(schema(node));
                    default -> throw new IllegalArgumentException(file + ":" + number + ": unknown line kind '" + kind + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ground-truth file " + file, e);
        }
        if (header == null) {
            throw new IllegalArgumentException(file + ": no header line; not a " + TruthLines.FORMAT + " file");
        }
        history.values().forEach(versions -> versions.sort((a, b) -> a.eventTime().compareTo(b.eventTime())));
        return new GroundTruth(header, history, List.copyOf(records), List.copyOf(media), List.copyOf(schemas));
    }

    public TruthHeader header() {
        return header;
    }

    /** The state of {@code table}/{@code sysId} at {@code time}. */
    public RecordState stateAt(String table, String sysId, Instant time) {
        List<RecordVersion> versions = history.get(new RecordRef(table, sysId));
        if (versions == null) {
            return new RecordState.Absent(RecordState.Reason.UNKNOWN_RECORD);
        }
        RecordVersion current = null;
        for (RecordVersion v : versions) {
            if (v.eventTime().isAfter(time)) {
                break;
            }
            current = v;
        }
        if (current == null) {
            return new RecordState.Absent(RecordState.Reason.NOT_YET_CREATED);
        }
        if (current.isDelete()) {
            return new RecordState.Absent(RecordState.Reason.DELETED);
        }
        return new RecordState.Existing(current.record(), current);
    }

    /** Every record of {@code table} that existed at {@code time}, by sys_id. */
    public Map<String, ObjectNode> tableAt(String table, Instant time) {
        Map<String, ObjectNode> existing = new TreeMap<>();
        for (RecordRef ref : history.keySet()) {
            if (ref.table().equals(table) && stateAt(table, ref.sysId(), time) instanceof RecordState.Existing e) {
                existing.put(ref.sysId(), e.record());
            }
        }
        return existing;
    }

    /** The validity intervals of one record, oldest first. */
    public List<Interval> intervals(String table, String sysId) {
        List<RecordVersion> versions = history.getOrDefault(new RecordRef(table, sysId), List.of());
        List<Interval> intervals = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            Instant to = i + 1 < versions.size() ? versions.get(i + 1).eventTime() : null;
            intervals.add(new Interval(versions.get(i).eventTime(), to, versions.get(i)));
        }
        return intervals;
    }

    /** Every record the workload ever created, in creation order. */
    public List<RecordRef> recordRefs() {
        return List.copyOf(history.keySet());
    }

    /** Every record version, in event order. */
    public List<RecordVersion> records() {
        return records;
    }

    public List<MediaVersion> media() {
        return media;
    }

    public List<SchemaVersion> schemas() {
        return schemas;
    }

    private static TruthHeader header(JsonNode n, Path file, int number) {
        if (!TruthLines.FORMAT.equals(n.path("format").asText())) {
            throw new IllegalArgumentException(file + ":" + number + ": format must be " + TruthLines.FORMAT);
        }
        List<String> tables = new ArrayList<>();
        n.path("tables").forEach(t -> tables.add(t.asText()));
        return new TruthHeader(n.path("tenant_id").asText(), n.path("instance_id").asText(), n.path("source").asText(),
                n.path("seed").asLong(), time(n, "start"), time(n, "end"), n.path("layout").asText(),
                n.path("prefix").asText(), n.path("partitions").asInt(), Collections.unmodifiableList(tables),
                n.path("records").asInt(), n.path("events").asLong());
    }

    private static RecordVersion record(JsonNode n) {
        return new RecordVersion(n.path("table").asText(), n.path("sys_id").asText(), n.path("op").asText(),
                n.path("event_id").asText(), time(n, "event_time"), n.path("sys_mod_count").asLong(),
                n.path("schema_version").asInt(), n.path("topic").asText(), n.path("partition").asInt(),
                Long.parseLong(n.path("offset").asText()), n.path("artifact_key").asText(),
                (ObjectNode) n.get("record"));
    }

    private static MediaVersion media(JsonNode n) {
        return new MediaVersion(n.path("attachment_sys_id").asText(), n.path("media_id").asText(),
                n.path("table").asText(), n.path("record_sys_id").asText(), n.path("op").asText(),
                n.path("event_id").asText(), time(n, "event_time"), n.path("size_bytes").asLong(),
                n.path("content_type").asText(null), n.path("sha256_plain").asText(null),
                n.path("file_name").asText(null), n.path("artifact_key").asText(), n.path("blob_key").asText(null));
    }

    private static SchemaVersion schema(JsonNode n) {
        return new SchemaVersion(n.path("table").asText(), n.path("event_type").asText(),
                n.path("schema_version").asInt(), n.path("schema_hash").asText(), n.path("event_id").asText(),
                time(n, "event_time"), n.path("artifact_key").asText());
    }

    private static Instant time(JsonNode n, String field) {
        String text = n.path(field).asText();
        return IsoUtc.parse(text).orElseThrow(() -> new IllegalArgumentException(field + " " + IsoUtc.RULE_MESSAGE
                + ", got " + text));
    }
}
