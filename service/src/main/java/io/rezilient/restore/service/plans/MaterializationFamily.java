package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.time.LenientDates;
import io.rezilient.restore.contracts.validation.IssueConformance;
import io.rezilient.restore.contracts.validation.ValidationException;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.IndexedEvent;
import io.rezilient.restore.service.index.RecordCandidates;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Conformance family {@code materialization}: recorded index candidates and artifact bodies are grouped into
 * records in the index's §4.3 order and run through {@link RecordMaterializer} (op {@code draft}), then through
 * {@link TargetReconciliation} with the case's target states (op {@code finalize}; unlisted records are missing).
 */
public final class MaterializationFamily implements ConformanceFamily {
    private static final String MATERIALIZATION_ERROR = "RestoreRowMaterializationError";
    private static final String SCHEMA_ERROR = "ZodError";
    /** The candidate order of §4.3 after the record key: newest version first, then a stable tie-break. */
    private static final Comparator<IndexedEvent> CANDIDATE_ORDER = Comparator
            .comparing(IndexedEvent::table)
            .thenComparing(IndexedEvent::recordSysId)
            .thenComparing(IndexedEvent::sysUpdatedOn, Comparator.nullsLast(Comparator.<String>reverseOrder()))
            .thenComparing(IndexedEvent::sysModCount, Comparator.nullsLast(Comparator.<Integer>reverseOrder()))
            .thenComparing(IndexedEvent::eventTime, Comparator.reverseOrder())
            .thenComparing(IndexedEvent::eventId, Comparator.reverseOrder())
            .thenComparing(IndexedEvent::topic)
            .thenComparingInt(IndexedEvent::kafkaPartition)
            .thenComparing(event -> new BigInteger(event.kafkaOffset()), Comparator.reverseOrder())
            .thenComparing(IndexedEvent::artifactKey)
            .thenComparing(IndexedEvent::manifestKey);

    @Override
    public String name() {
        return "materialization";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.path("input");
        boolean finalize = "finalize".equals(vectorCase.path("op").asText());
        ObjectNode actual;
        try {
            actual = finalize ? finalizeRows(input) : draft(input);
        } catch (MaterializationException failed) {
            return compareMaterializationError(vectorCase, failed);
        } catch (ValidationException invalid) {
            if (!SCHEMA_ERROR.equals(vectorCase.path("expected_error").asText())) {
                return CaseResult.failed("unexpected schema rejection: " + invalid.getMessage());
            }
            return IssueConformance.compare(vectorCase.path("expected_error_detail"), null, null, invalid.issues());
        } catch (IllegalArgumentException rejected) {
            JsonNode expectedError = vectorCase.get("expected_error");
            if (expectedError == null) {
                return CaseResult.failed("unexpected rejection: " + rejected.getMessage());
            }
            return CaseResult.expectEqual("rejection", expectedError.asText(), rejected.getMessage());
        }
        if (vectorCase.has("expected_error")) {
            return CaseResult.failed("rejection", vectorCase.get("expected_error").asText(), actual);
        }
        return CaseResult.expectEqual("result", vectorCase.get("expected"), asRead(actual));
    }

    /** Our JSON re-read the way the vectors were read, so a long-valued count equals the file's int-valued one. */
    private static JsonNode asRead(JsonNode ours) {
        return Json.parse(Json.write(ours));
    }

    private static CaseResult compareMaterializationError(JsonNode vectorCase, MaterializationException failed) {
        if (!MATERIALIZATION_ERROR.equals(vectorCase.path("expected_error_class").asText())) {
            return CaseResult.failed("unexpected materialization error " + failed.code().wire() + ": "
                    + failed.getMessage() + " " + failed.details());
        }
        CaseResult code = CaseResult.expectEqual("error code", vectorCase.path("expected_error_code").asText(),
                failed.code().wire());
        if (code.status() != CaseResult.Status.PASSED) {
            return code;
        }
        CaseResult message = CaseResult.expectEqual("error message", vectorCase.path("expected_error").asText(),
                failed.getMessage());
        if (message.status() != CaseResult.Status.PASSED) {
            return message;
        }
        return CaseResult.expectEqual("error details", vectorCase.path("expected_error_details"),
                asRead(failed.details()));
    }

    private static ObjectNode draft(JsonNode input) {
        List<DraftRow> drafts = materialize(input);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("rows", array(drafts.stream().map(draft -> draft.row().toJson()).toList()));
        result.set("pit_resolutions", array(drafts.stream().map(draft -> draft.pitResolution().toJson()).toList()));
        result.set("draft_rows", array(drafts.stream().map(DraftRow::toJson).toList()));
        return result;
    }

    private static ObjectNode finalizeRows(JsonNode input) {
        Map<String, TargetState> targets = new HashMap<>();
        for (JsonNode state : input.path("target_states")) {
            targets.put(key(state.path("table").asText().trim(), state.path("record_sys_id").asText().trim()),
                    TargetState.fromWire(state.path("state").asText()));
        }
        List<ObjectNode> rows = new ArrayList<>();
        List<ObjectNode> resolutions = new ArrayList<>();
        for (DraftRow draft : materialize(input)) {
            TargetState target = targets.getOrDefault(key(draft.row().table(), draft.row().recordSysId()),
                    TargetState.MISSING);
            switch (TargetReconciliation.reconcile(draft, target)) {
                case TargetReconciliation.Reconciled reconciled -> rows.add(reconciled.row().toJson());
                case TargetReconciliation.Blocked blocked ->
                        throw MaterializationException.reconciliationBlocked(blocked, target);
            }
            resolutions.add(draft.pitResolution().toJson());
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("rows", array(rows));
        result.set("pit_resolutions", array(resolutions));
        return result;
    }

    /** Every requested record (or every record with row-capable candidates), sorted by row id. */
    private static List<DraftRow> materialize(JsonNode input) {
        IndexScope scope = RowMaterializer.scope(text(input, "tenant_id"), text(input, "instance_id"),
                text(input, "source"));
        Map<IndexedEvent, String> eventTimes = new IdentityHashMap<>();
        List<IndexedEvent> candidates = new ArrayList<>();
        for (JsonNode candidate : input.path("candidates")) {
            IndexedEvent event = event(candidate);
            eventTimes.put(event, candidate.path("eventTime").asText());
            candidates.add(event);
        }
        candidates.sort(CANDIDATE_ORDER);
        Map<String, List<IndexedEvent>> groups = new LinkedHashMap<>();
        for (IndexedEvent event : candidates) {
            groups.computeIfAbsent(key(event.table(), event.recordSysId()), k -> new ArrayList<>()).add(event);
        }
        RecordMaterializer materializer = new RecordMaterializer(scope, bodies(input), eventTimes::get);
        List<DraftRow> drafts = new ArrayList<>();
        Optional<List<String[]>> scopeRecords = scopeRecords(input);
        if (scopeRecords.isPresent()) {
            for (String[] record : scopeRecords.get()) {
                List<IndexedEvent> group = groups.get(key(record[0], record[1]));
                if (group == null) {
                    throw RecordMaterializer.requestedRecordWithoutCandidates(record[0], record[1]);
                }
                drafts.add(materializer.materializeRequested(candidates(group)));
            }
        } else {
            for (List<IndexedEvent> group : groups.values()) {
                materializer.materializeIfRowCapable(candidates(group)).ifPresent(drafts::add);
            }
            if (drafts.isEmpty()) {
                throw RecordMaterializer.noCandidates();
            }
        }
        drafts.sort(Comparator.comparing(draft -> draft.row().rowId(), JsCollation.LOCALE_COMPARE));
        return drafts;
    }

    /** Scope records trimmed, de-duplicated and sorted by record key; blanks dropped; empty when none remain. */
    private static Optional<List<String[]>> scopeRecords(JsonNode input) {
        Set<String> keys = new LinkedHashSet<>();
        List<String[]> records = new ArrayList<>();
        for (JsonNode record : input.path("scope_records")) {
            String table = record.path("table").asText("").trim();
            String recordSysId = record.path("recordSysId").asText("").trim();
            if (!table.isEmpty() && !recordSysId.isEmpty() && keys.add(key(table, recordSysId))) {
                records.add(new String[] {table, recordSysId});
            }
        }
        records.sort(Comparator.comparing(record -> key(record[0], record[1])));
        return records.isEmpty() ? Optional.empty() : Optional.of(records);
    }

    private static RecordCandidates candidates(List<IndexedEvent> group) {
        IndexedEvent first = group.get(0);
        return new RecordCandidates(first.table(), first.recordSysId(), group, Optional.empty());
    }

    /** The vector's artifact bodies, looked up by artifact and manifest key together. */
    private static ArtifactBodyReader bodies(JsonNode input) {
        Map<String, JsonNode> bodies = new HashMap<>();
        for (JsonNode artifact : input.path("artifact_bodies")) {
            bodies.put(key(text(artifact, "artifactKey"), text(artifact, "manifestKey")), artifact.get("body"));
        }
        return (artifactKey, manifestKey) -> artifactKey == null || artifactKey.isBlank() ? Optional.empty()
                : Optional.ofNullable(bodies.get(key(artifactKey, manifestKey))).filter(body -> !body.isNull());
    }

    /** A camelCase {@code RestoreIndexIndexedEventLookupCandidate}. */
    private static IndexedEvent event(JsonNode candidate) {
        String eventTime = text(candidate, "eventTime");
        long millis = LenientDates.parse(eventTime).orElseThrow(
                () -> new IllegalArgumentException("candidate eventTime is not a date: " + eventTime));
        JsonNode modCount = candidate.path("sysModCount");
        return new IndexedEvent(text(candidate, "eventId"), null, text(candidate, "table"),
                text(candidate, "recordSysId"), null, text(candidate, "sysUpdatedOn"),
                modCount.isNumber() ? modCount.intValue() : null, Instant.ofEpochMilli(millis),
                text(candidate, "topic"), candidate.path("partition").intValue(), text(candidate, "offset"),
                text(candidate, "artifactKey"), text(candidate, "manifestKey"), null, null);
    }

    private static String key(String table, String recordSysId) {
        return table + "|" + recordSysId;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        items.forEach(array::add);
        return array;
    }
}
