package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, from a job's rollback journal and the target's current state as the caller read it, what undoing the job
 * does to each journaled record — or why it cannot. No I/O.
 *
 * <p>In order: every resolution names a journaled row and every reported record is journaled (400); every journaled
 * record is reported (409 {@code blocked_rollback_target_unverified}); an entry without a real before-image blocks
 * unless resolved {@code skip} (409 {@code blocked_rollback_image_unavailable}); a record that is no longer as the
 * restore left it — gone after anything but a delete, there after a delete, or another fingerprint than the one the
 * agent read right after the write — blocks unless resolved {@code overwrite} or {@code skip} (409
 * {@code blocked_rollback_target_changed}). An entry without an after-fingerprint is compared on existence only.
 *
 * <p>Each remaining record is put back to its before-image from the state it is in now: a record that existed before
 * the restore is updated when it exists now and inserted when it does not; one that did not exist is deleted when it
 * exists now and left alone when it does not. For a record the restore left as it is, that is exactly: an update is
 * undone by an update, a delete by an insert, an insert by a delete, and a delete of nothing by nothing.
 */
final class UndoDecisions {
    private UndoDecisions() {
    }

    /**
     * One row of the undo.
     *
     * @param entry     the journal entry whose before-image the row restores (the record's first, when a record was
     *                  journaled more than once)
     * @param action    what the undo does to the record
     * @param operation the source operation the row is planned as, so execute-time revalidation (§6.5) derives
     *                  {@code action} from the record's state: {@code U} for an update, {@code I} for an insert,
     *                  {@code D} for a delete
     */
    record Undo(JournalEntry entry, PlanRowAction action, SourceOperation operation) {
        Undo {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** A record's journal entries: the first holds the state before the job, the last what the job left. */
    private record Journaled(JournalEntry first, JournalEntry last) {
    }

    /**
     * @throws io.rezilient.restore.service.http.ApiError the first refusal, as above
     */
    static List<Undo> decide(List<JournalEntry> journal, RollbackRequest request) {
        Map<String, Journaled> byRecord = new LinkedHashMap<>();
        Set<String> rowIds = new TreeSet<>();
        for (JournalEntry entry : journal) {
            byRecord.merge(entry.recordKey(), new Journaled(entry, entry),
                    (earlier, later) -> new Journaled(earlier.first(), later.last()));
            rowIds.add(entry.planRowId());
        }
        Set<String> unknownRows = new TreeSet<>(request.resolutions().keySet());
        unknownRows.removeAll(rowIds);
        if (!unknownRows.isEmpty()) {
            throw RollbackErrors.unknownResolutions(unknownRows);
        }
        Map<String, RollbackRequest.TargetRecord> reported = request.byRecord();
        Set<String> unknownRecords = new TreeSet<>(reported.keySet());
        unknownRecords.removeAll(byRecord.keySet());
        if (!unknownRecords.isEmpty()) {
            throw RollbackErrors.unknownRecords(unknownRecords);
        }
        List<ObjectNode> missing = new ArrayList<>();
        for (Journaled journaled : byRecord.values()) {
            if (!reported.containsKey(journaled.first().recordKey())) {
                missing.add(JsonNodeFactory.instance.objectNode().put("table", journaled.first().table())
                        .put("record_sys_id", journaled.first().recordSysId()));
            }
        }
        if (!missing.isEmpty()) {
            throw RollbackErrors.incomplete(missing);
        }
        List<ObjectNode> unavailable = new ArrayList<>();
        List<ObjectNode> changed = new ArrayList<>();
        List<Undo> undos = new ArrayList<>();
        for (Journaled journaled : byRecord.values()) {
            JournalEntry first = journaled.first();
            JournalEntry last = journaled.last();
            Optional<RollbackRequest.Resolution> resolution = Optional.ofNullable(
                    request.resolutions().get(first.planRowId()));
            if (resolution.isEmpty() && !first.planRowId().equals(last.planRowId())) {
                resolution = Optional.ofNullable(request.resolutions().get(last.planRowId()));
            }
            if (resolution.equals(Optional.of(RollbackRequest.Resolution.SKIP))) {
                continue;
            }
            RollbackRequest.TargetRecord now = reported.get(first.recordKey());
            if (!first.undoable()) {
                unavailable.add(unavailableRow(first));
                continue;
            }
            if (changed(last, now) && resolution.isEmpty()) {
                changed.add(changedRow(last, now));
                continue;
            }
            action(first.beforeState().orElseThrow(), now.state()).ifPresent(action ->
                    undos.add(new Undo(first, action, operationOf(action))));
        }
        if (!unavailable.isEmpty()) {
            throw RollbackErrors.imageUnavailable(unavailable, changed);
        }
        if (!changed.isEmpty()) {
            throw RollbackErrors.targetChanged(changed);
        }
        return undos;
    }

    /** Whether the record is no longer as the restore's last write left it. */
    static boolean changed(JournalEntry last, RollbackRequest.TargetRecord now) {
        TargetState expected = last.expectedState();
        if (now.state() != expected) {
            return true;
        }
        return expected == TargetState.EXISTS && last.afterFingerprint().isPresent()
                && !last.afterFingerprint().equals(now.fingerprint());
    }

    /** What puts a record back to its state before the job, from the state it is in now; empty: nothing to do. */
    static Optional<PlanRowAction> action(TargetState before, TargetState now) {
        if (before == TargetState.EXISTS) {
            return Optional.of(now == TargetState.EXISTS ? PlanRowAction.UPDATE : PlanRowAction.INSERT);
        }
        return now == TargetState.EXISTS ? Optional.of(PlanRowAction.DELETE) : Optional.empty();
    }

    private static SourceOperation operationOf(PlanRowAction action) {
        return switch (action) {
            case UPDATE -> SourceOperation.UPDATE;
            case INSERT -> SourceOperation.INSERT;
            case DELETE -> SourceOperation.DELETE;
            case SKIP -> throw new IllegalArgumentException("an undo row never skips");
        };
    }

    private static ObjectNode changedRow(JournalEntry last, RollbackRequest.TargetRecord now) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("row_id", last.planRowId());
        row.put("journal_id", last.journalId());
        row.put("table", last.table());
        row.put("record_sys_id", last.recordSysId());
        row.put("restore_action", last.action());
        row.put("expected_state", last.expectedState().wire());
        row.put("found_state", now.state().wire());
        if (last.expectedState() == TargetState.EXISTS) {
            putOrNull(row, "expected_fingerprint", last.afterFingerprint());
        }
        if (now.state() == TargetState.EXISTS) {
            putOrNull(row, "found_fingerprint", now.fingerprint());
        }
        return row;
    }

    private static ObjectNode unavailableRow(JournalEntry entry) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("row_id", entry.planRowId());
        row.put("journal_id", entry.journalId());
        row.put("table", entry.table());
        row.put("record_sys_id", entry.recordSysId());
        row.put("restore_action", entry.action());
        row.put("before_image_source", entry.targetImage() ? "target" : "plan_values");
        entry.prunedAt().ifPresent(at -> row.put("pruned_at", IsoUtc.format(at)));
        return row;
    }

    private static void putOrNull(ObjectNode row, String field, Optional<String> value) {
        if (value.isPresent()) {
            row.put(field, value.get());
        } else {
            row.putNull(field);
        }
    }
}
