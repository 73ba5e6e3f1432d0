package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.PreconditionHash;
import io.rezilient.restore.contracts.ids.RowIds;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.plans.ActionCounts;
import io.rezilient.restore.service.plans.ComposedPlans;
import io.rezilient.restore.service.plans.DraftRow;
import io.rezilient.restore.service.plans.PlanHeader;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanRow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The finalised, executable plan that undoes a job: one row per {@link UndoDecisions.Undo}, written like any
 * finalised plan and hashed with the contracts' canonical {@code plan_hash_input} (service-spec §4.9).
 *
 * <ul>
 *   <li>{@code pit.restore_time} is when the undone execution started: the undo restores the target to just before
 *       it. {@code scope} is {@code record} mode over the undone tables and records; {@code execution_options} are
 *       the undone plan's; no delete or media candidates, no conflicts, gate {@code executable}/{@code none}.</li>
 *   <li>An update or insert row carries {@code values: {before_image_enc}}, the journal's sealed before-image; the
 *       agent opens it for the journal entry it was sealed for, which the row's {@code artifact_key} and
 *       {@code manifest_key} name ({@link UndoRows}). A delete row carries the undone row's own ciphertext, only
 *       because the plan contract wants encrypted material on every row that is not a skip; it is never opened.</li>
 *   <li>{@code winner_tuple} is the journal entry's execution time and id, and the metadata is the allow-listed
 *       {@code {tenant_id, instance_id, source, table, record_sys_id, operation}}.</li>
 *   <li>The plan object carries {@code rollback_of: {job_id, plan_id, plan_hash}}.</li>
 * </ul>
 *
 * @param rows    in row_id order
 * @param tables  the undone tables, sorted (the job's lock scope)
 */
record UndoPlan(PlanKey key, PlanHeader header, List<DraftRow> rows, ObjectNode actionCounts,
                List<String> tables) {
    private static final DateTimeFormatter SN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    UndoPlan {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(header, "header");
        rows = List.copyOf(rows);
        tables = List.copyOf(tables);
    }

    /** What the plan undoes. */
    record Undone(String jobId, String planId, String planHash, ObjectNode executionOptions, Instant startedAt) {
    }

    /**
     * @param deleteValues the undone plan's row values by row id, for the delete rows (see the class comment)
     * @param fingerprint  identifies the request (the plan's {@code request_fingerprint})
     */
    static UndoPlan of(PlanKey key, Undone undone, List<UndoDecisions.Undo> undos,
                       Map<String, ObjectNode> deleteValues, String fingerprint, String by, Instant now) {
        List<DraftRow> rows = new ArrayList<>();
        ActionCounts counts = new ActionCounts();
        SortedSet<String> tables = new TreeSet<>();
        SortedSet<String> sysIds = new TreeSet<>();
        for (UndoDecisions.Undo undo : undos) {
            rows.add(row(key, undo, deleteValues));
            counts.countRow(undo.action());
            tables.add(undo.entry().table());
            sysIds.add(undo.entry().recordSysId());
        }
        rows.sort(Comparator.comparing(row -> row.row().rowId(), JsCollation.LOCALE_COMPARE));
        ObjectNode head = ComposedPlans.head(pit(undone.startedAt()), scope(tables, sysIds),
                undone.executionOptions(), counts.toJson());
        String planHash = ComposedPlans.planHash(head, rows);
        ObjectNode rollbackOf = JsonNodeFactory.instance.objectNode();
        rollbackOf.putObject("rollback_of").put("job_id", undone.jobId()).put("plan_id", undone.planId())
                .put("plan_hash", undone.planHash());
        ObjectNode plan = ComposedPlans.planJson(key.planId(), planHash, now, head, rollbackOf);
        PlanHeader header = ComposedPlans.finalizedHeader(planHash, fingerprint, by, rows.size(), plan, head, now);
        return new UndoPlan(key, header, rows, counts.toJson(), List.copyOf(tables));
    }

    String planHash() {
        return header.planHash();
    }

    boolean deletes() {
        return actionCounts.path("delete").asLong() > 0;
    }

    private static DraftRow row(PlanKey key, UndoDecisions.Undo undo, Map<String, ObjectNode> deleteValues) {
        JournalEntry entry = undo.entry();
        String rowId = RowIds.rowId(entry.table(), entry.recordSysId());
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        if (undo.action() == PlanRowAction.DELETE) {
            values = Objects.requireNonNull(deleteValues.get(entry.planRowId()),
                    () -> "no values of undone row " + entry.planRowId()).deepCopy();
        } else {
            values.set("before_image_enc", entry.beforeImage().orElseThrow().deepCopy());
        }
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        metadata.putObject("metadata").put("tenant_id", key.tenantId()).put("instance_id", key.instanceId())
                .put("source", key.source()).put("table", entry.table()).put("record_sys_id", entry.recordSysId())
                .put("operation", undo.operation().wire());
        String artifactKey = UndoRows.artifactKey(entry.journalId());
        Instant at = entry.executedAt().truncatedTo(ChronoUnit.MILLIS);
        PitTuple winner = new PitTuple(SN_TIME.format(at), SysModCount.ABSENT, IsoUtc.format(at), entry.journalId());
        String preconditionHash = new PreconditionHash(undo.action(), artifactKey, artifactKey, undo.operation(),
                entry.recordSysId(), rowId, entry.table(), values, winner).compute();
        return new DraftRow(new PlanRow(rowId, entry.table(), entry.recordSysId(), undo.action(), preconditionHash,
                metadata, values), artifactKey, artifactKey, undo.operation(), winner);
    }

    private static ObjectNode pit(Instant startedAt) {
        ObjectNode pit = JsonNodeFactory.instance.objectNode();
        pit.put("restore_time", IsoUtc.format(startedAt.truncatedTo(ChronoUnit.MILLIS)));
        pit.put("restore_timezone", PitAlgorithm.RESTORE_TIMEZONE);
        pit.put("pit_algorithm_version", PlanContract.PIT_ALGORITHM_VERSION);
        PitAlgorithm.TIE_BREAKER.forEach(pit.putArray("tie_breaker")::add);
        PitAlgorithm.TIE_BREAKER_FALLBACK.forEach(pit.putArray("tie_breaker_fallback")::add);
        return pit;
    }

    private static ObjectNode scope(SortedSet<String> tables, SortedSet<String> sysIds) {
        ObjectNode scope = JsonNodeFactory.instance.objectNode().put("mode", "record");
        ArrayNode tableArray = scope.putArray("tables");
        tables.forEach(tableArray::add);
        ArrayNode records = scope.putArray("record_sys_ids");
        sysIds.forEach(records::add);
        return scope;
    }
}
