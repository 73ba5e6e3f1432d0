package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.ids.PreconditionHash;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.restore.TargetState;

import java.util.Objects;
import java.util.Optional;

/**
 * Re-derives a draft row's action from whether its record exists on the target (service-spec §4.6). A source
 * update of a record the target no longer has cannot be applied as an update and is not silently turned into an
 * insert either: it blocks the plan as a missing-row conflict. A block is an expected outcome the caller collects
 * and reports, so it is returned, not thrown.
 */
public final class TargetReconciliation {
    /** The reference's blocking reason for a source update whose record is missing on the target. */
    public static final String TARGET_MISSING_FOR_SOURCE_UPDATE = "target_missing_for_source_update";

    private TargetReconciliation() {
    }

    /** The result for one row. */
    public sealed interface Outcome permits Reconciled, Blocked {
        DraftRow draft();

        /** Which cell of the §4.6 table applied, e.g. {@code source_insert_target_exists}. */
        String policyCase();
    }

    /**
     * The row as finalised: its action re-derived and, when that changed, its precondition hash recomputed; its
     * metadata keeps the source operation.
     */
    public record Reconciled(DraftRow draft, PlanRow row, String policyCase) implements Outcome {
        public Reconciled {
            Objects.requireNonNull(draft, "draft");
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(policyCase, "policyCase");
        }
    }

    /** The row cannot be finalised; the plan is blocked with {@link #reasonCode()}. */
    public record Blocked(DraftRow draft, String policyCase, ReasonCode reasonCode, ConflictClass conflictClass,
                          String blockingReason) implements Outcome {
        public Blocked {
            Objects.requireNonNull(draft, "draft");
            Objects.requireNonNull(policyCase, "policyCase");
            Objects.requireNonNull(reasonCode, "reasonCode");
            Objects.requireNonNull(conflictClass, "conflictClass");
            Objects.requireNonNull(blockingReason, "blockingReason");
        }
    }

    /**
     * The action a row takes when its record is in {@code target} state, with a plan's scope and options applied
     * (deviations S18, S20): column mode updates records that exist and skips missing ones; {@code explicit_insert}
     * re-inserts a record updated at the PIT but missing on the target. Empty when the §4.6 table blocks. Finalising
     * and execute-time revalidation (§6.5) both ask this one rule.
     */
    public static Optional<PlanRowAction> expectedAction(boolean columnMode, boolean explicitInsert,
                                                         SourceOperation operation, TargetState target) {
        boolean exists = target == TargetState.EXISTS;
        if (columnMode) {
            return Optional.of(exists ? PlanRowAction.UPDATE : PlanRowAction.SKIP);
        }
        return switch (operation) {
            case DELETE -> Optional.of(PlanRowAction.DELETE);
            case INSERT -> Optional.of(exists ? PlanRowAction.UPDATE : PlanRowAction.INSERT);
            case UPDATE -> exists ? Optional.of(PlanRowAction.UPDATE)
                    : explicitInsert ? Optional.of(PlanRowAction.INSERT) : Optional.empty();
        };
    }

    public static Outcome reconcile(DraftRow draft, TargetState target) {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(target, "target");
        boolean exists = target == TargetState.EXISTS;
        return switch (draft.sourceOperation()) {
            case DELETE -> reconciled(draft, PlanRowAction.DELETE, "source_delete");
            case INSERT -> exists ? reconciled(draft, PlanRowAction.UPDATE, "source_insert_target_exists")
                    : reconciled(draft, PlanRowAction.INSERT, "source_insert_target_missing");
            case UPDATE -> exists ? reconciled(draft, PlanRowAction.UPDATE, "source_update_target_exists")
                    : new Blocked(draft, "source_update_target_missing", ReasonCode.BLOCKED_REFERENCE_CONFLICT,
                    ConflictClass.MISSING_ROW_CONFLICT, TARGET_MISSING_FOR_SOURCE_UPDATE);
        };
    }

    private static Reconciled reconciled(DraftRow draft, PlanRowAction action, String policyCase) {
        PlanRow row = draft.row();
        if (row.action() == action) {
            return new Reconciled(draft, row, policyCase);
        }
        SourceOperation operation = draft.sourceOperation();
        String hash = new PreconditionHash(action, draft.artifactKey(), draft.manifestKey(), operation,
                row.recordSysId(), row.rowId(), row.table(), row.values(), draft.winnerTuple()).compute();
        return new Reconciled(draft, new PlanRow(row.rowId(), row.table(), row.recordSysId(), action, hash,
                row.metadata(), row.values()), policyCase);
    }
}
