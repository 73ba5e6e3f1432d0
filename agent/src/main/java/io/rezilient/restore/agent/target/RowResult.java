package io.rezilient.restore.agent.target;

import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;

import java.util.Objects;
import java.util.Optional;

/**
 * What applying one row did.
 *
 * @param reasonCode      {@link ReasonCode#NONE} for an applied row or a plan skip;
 *                        {@link ReasonCode#BLOCKED_REFERENCE_CONFLICT} for a row skipped because it conflicted
 *                        (then {@code conflictClass} says how); a {@code failed_*} code for a failed row
 * @param beforeImage     the target record just before this row was applied
 * @param usedRowFallback  whether the row was applied row by row because its chunk could not be applied as a unit
 * @param afterFingerprint for an applied row that left the record in place (insert, update), the record's
 *                         {@link TargetFingerprint} as the write left it, read in the same transaction; empty for
 *                         deletes and rows not applied
 */
public record RowResult(String rowId, RowOutcome outcome, ReasonCode reasonCode, Optional<String> message,
                        Optional<ConflictClass> conflictClass, BeforeImage beforeImage, boolean usedRowFallback,
                        Optional<String> afterFingerprint) {
    public RowResult {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(conflictClass, "conflictClass");
        Objects.requireNonNull(beforeImage, "beforeImage");
        boolean reasonFits = switch (outcome) {
            case APPLIED -> reasonCode == ReasonCode.NONE;
            case SKIPPED -> reasonCode == ReasonCode.NONE || reasonCode == ReasonCode.BLOCKED_REFERENCE_CONFLICT;
            case FAILED -> reasonCode != ReasonCode.NONE && reasonCode != ReasonCode.BLOCKED_REFERENCE_CONFLICT;
        };
        if (!reasonFits) {
            throw new IllegalArgumentException("row " + rowId + ": a " + outcome.wire() + " row cannot have reason "
                    + reasonCode.wire());
        }
        if (conflictClass.isPresent() != (reasonCode == ReasonCode.BLOCKED_REFERENCE_CONFLICT)) {
            throw new IllegalArgumentException("row " + rowId + ": a conflict class goes with reason "
                    + ReasonCode.BLOCKED_REFERENCE_CONFLICT.wire() + " and only with it");
        }
        Objects.requireNonNull(afterFingerprint, "afterFingerprint");
        if (afterFingerprint.isPresent() && outcome != RowOutcome.APPLIED) {
            throw new IllegalArgumentException("row " + rowId + ": only an applied row has an after-fingerprint");
        }
    }

    /** A result without an after-fingerprint. */
    public RowResult(String rowId, RowOutcome outcome, ReasonCode reasonCode, Optional<String> message,
                     Optional<ConflictClass> conflictClass, BeforeImage beforeImage, boolean usedRowFallback) {
        this(rowId, outcome, reasonCode, message, conflictClass, beforeImage, usedRowFallback, Optional.empty());
    }

    /** This applied row with the record's fingerprint after the write. */
    public RowResult withAfterFingerprint(Optional<String> fingerprint) {
        return new RowResult(rowId, outcome, reasonCode, message, conflictClass, beforeImage, usedRowFallback,
                fingerprint);
    }

    public static RowResult applied(String rowId, Optional<String> message, BeforeImage beforeImage,
                                    boolean usedRowFallback) {
        return new RowResult(rowId, RowOutcome.APPLIED, ReasonCode.NONE, message, Optional.empty(), beforeImage,
                usedRowFallback);
    }

    /** A row whose plan action is skip: the target was not touched. */
    public static RowResult planSkip(String rowId, BeforeImage beforeImage, boolean usedRowFallback) {
        return new RowResult(rowId, RowOutcome.SKIPPED, ReasonCode.NONE, Optional.empty(), Optional.empty(),
                beforeImage, usedRowFallback);
    }

    /** A row not applied because the target disagreed with the plan. */
    public static RowResult conflict(String rowId, ConflictClass conflictClass, String message,
                                     BeforeImage beforeImage, boolean usedRowFallback) {
        return new RowResult(rowId, RowOutcome.SKIPPED, ReasonCode.BLOCKED_REFERENCE_CONFLICT, Optional.of(message),
                Optional.of(conflictClass), beforeImage, usedRowFallback);
    }

    public static RowResult failed(String rowId, ReasonCode reasonCode, String message, BeforeImage beforeImage,
                                   boolean usedRowFallback) {
        return new RowResult(rowId, RowOutcome.FAILED, reasonCode, Optional.of(message), Optional.empty(),
                beforeImage, usedRowFallback);
    }
}
