package io.rezilient.restore.agent.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.RecordState;
import io.rezilient.restore.capture.truth.RecordVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The captured tables at one time: each table's columns (every field any version of any of its records carried —
 * the captured schema as the data shows it, so a field added by a schema change has a column too) and the records
 * that existed then.
 */
record TruthSnapshot(Instant at, SortedMap<String, SortedSet<String>> columns,
                     SortedMap<String, List<ObjectNode>> records) {

    static TruthSnapshot of(GroundTruth truth, Instant at) {
        SortedMap<String, SortedSet<String>> columns = new TreeMap<>();
        truth.header().tables().forEach(table -> columns.put(table, new TreeSet<>()));
        for (RecordVersion version : truth.records()) {
            SortedSet<String> fields = columns.computeIfAbsent(version.table(), t -> new TreeSet<>());
            version.record().fieldNames().forEachRemaining(fields::add);
        }
        SortedMap<String, List<ObjectNode>> records = new TreeMap<>();
        columns.keySet().forEach(table -> records.put(table, new ArrayList<>()));
        for (GroundTruth.RecordRef ref : truth.recordRefs()) {
            if (truth.stateAt(ref.table(), ref.sysId(), at) instanceof RecordState.Existing existing) {
                ObjectNode record = existing.record().deepCopy();
                record.put("sys_id", ref.sysId()); // the key, whatever the record's own field says
                records.get(ref.table()).add(record);
            }
        }
        return new TruthSnapshot(at, columns, records);
    }

    /** After the last event: the header's end, or the last event's time when one was recorded at or after it. */
    static Instant latest(GroundTruth truth) {
        Instant latest = truth.header().end();
        for (RecordVersion version : truth.records()) {
            if (version.eventTime().isAfter(latest)) {
                latest = version.eventTime();
            }
        }
        return latest;
    }
}
