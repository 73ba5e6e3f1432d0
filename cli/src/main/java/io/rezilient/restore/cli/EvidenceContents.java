package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.evidence.EvidenceArtifacts;
import io.rezilient.restore.service.evidence.PackageFiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the report shows of a package's four artifacts, read once and streamed (see {@link StreamedJson}): the
 * execution record without its row outcomes (tallied instead), the plan document without its rows (counted per table
 * instead), the job's events and the rollback journal's tally. An artifact that is missing or unreadable leaves its
 * part empty and is named in {@link #problems()}: the report still renders, and says so.
 */
final class EvidenceContents {
    /** At most this many job events are listed (a job has a handful; an edited artifact might have millions). */
    static final int EVENT_LIMIT = 500;

    private final ObjectNode execution = JsonNodeFactory.instance.objectNode();
    private final RowOutcomeTally outcomes;
    private long revalidatedTargetRecords;
    private final ObjectNode plan = JsonNodeFactory.instance.objectNode();
    private final SortedMap<String, Long> plannedRowsByTable = new TreeMap<>();
    private boolean planRowsRecorded;
    private final List<JsonNode> events = new ArrayList<>();
    private long unlistedEvents;
    private final JournalTally journal = new JournalTally();
    private final List<String> problems = new ArrayList<>();

    private EvidenceContents(int rowListLimit) {
        this.outcomes = new RowOutcomeTally(rowListLimit);
    }

    /**
     * @param rowListLimit how many rows that were not applied are kept to be listed
     */
    static EvidenceContents read(PackageFiles.OnDisk onDisk, int rowListLimit) {
        EvidenceContents contents = new EvidenceContents(rowListLimit);
        contents.readArtifact(onDisk, EvidenceArtifacts.EXECUTION, StreamedJson.object("execution.json",
                Map.of("row_outcomes", StreamedJson.elements("row_outcomes", contents.outcomes::add),
                        "revalidated_target_records", StreamedJson.elements("revalidated_target_records",
                                record -> contents.revalidatedTargetRecords++)),
                contents.execution));
        contents.readArtifact(onDisk, EvidenceArtifacts.PLAN, StreamedJson.object("plan.json",
                Map.of("plan_hash_input", StreamedJson.objectSkippingOthers("plan_hash_input",
                                Map.of("rows", contents.planRows())),
                        // one entry per row, and the report shows no per-row PIT detail
                        "pit_resolutions", StreamedJson.skipped()),
                contents.plan));
        contents.readArtifact(onDisk, EvidenceArtifacts.JOB_EVENTS,
                StreamedJson.elements("job-events.json", contents::addEvent));
        contents.readArtifact(onDisk, EvidenceArtifacts.ROLLBACK_JOURNAL, StreamedJson.objectSkippingOthers(
                "rollback-journal.json",
                Map.of("rollback_journal", StreamedJson.elements("rollback_journal", contents.journal::addEntry),
                        "sn_mirror", StreamedJson.elements("sn_mirror",
                                record -> contents.journal.countMirrorRecord()))));
        return contents;
    }

    /** The execution record's fields other than {@code row_outcomes} and {@code revalidated_target_records}. */
    JsonNode execution() {
        return execution;
    }

    RowOutcomeTally outcomes() {
        return outcomes;
    }

    long revalidatedTargetRecords() {
        return revalidatedTargetRecords;
    }

    /** plan.json's fields other than {@code plan_hash_input} and {@code pit_resolutions}. */
    JsonNode planDocument() {
        return plan;
    }

    /** plan.json's {@code plan} object. */
    JsonNode plan() {
        return plan.path("plan");
    }

    /** The plan's rows per table, when plan.json lists them ({@code plan_hash_input.rows}). */
    SortedMap<String, Long> plannedRowsByTable() {
        return Collections.unmodifiableSortedMap(plannedRowsByTable);
    }

    boolean planRowsRecorded() {
        return planRowsRecorded;
    }

    List<JsonNode> events() {
        return Collections.unmodifiableList(events);
    }

    long unlistedEvents() {
        return unlistedEvents;
    }

    JournalTally journal() {
        return journal;
    }

    /** One line per artifact that could not be read, saying why. */
    List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    private StreamedJson.ValueReader planRows() {
        StreamedJson.ValueReader each = StreamedJson.elements("plan_hash_input.rows",
                row -> plannedRowsByTable.merge(row.path("table").asText(""), 1L, Long::sum));
        return parser -> {
            planRowsRecorded = true;
            each.read(parser);
        };
    }

    private void addEvent(JsonNode event) {
        if (events.size() < EVENT_LIMIT) {
            events.add(event);
        } else {
            unlistedEvents++;
        }
    }

    private void readArtifact(PackageFiles.OnDisk onDisk, String artifactId, StreamedJson.ValueReader reader) {
        PackageFiles.ArtifactSource source = onDisk.artifacts().get(artifactId);
        if (source == null) {
            problems.add(artifactId + " is missing from the package");
            return;
        }
        try (InputStream in = source.open()) {
            StreamedJson.read(in, reader);
        } catch (IOException | IllegalArgumentException unreadable) {
            problems.add(artifactId + " could not be read: " + unreadable.getMessage());
        }
    }
}
