package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.TargetState;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a job's rollback journal as an undo reads it (service-spec §6.9, architecture §5 item 5).
 *
 * @param planRowId         the undone plan's row (or allowed delete candidate) the entry journals
 * @param action            what the restore did to the record: {@code update}, {@code insert} or {@code delete}
 * @param targetImage       true when the before-image is the target's, captured by the agent; false for the
 *                          reference's fallback ({@code plan_values}: the restore payload, not the prior state)
 * @param beforeState       whether the record existed before the restore wrote it; empty for a fallback entry
 * @param beforeImage       the sealed before-image; empty when the record did not exist or the image was pruned
 * @param afterFingerprint  the record's fingerprint right after the restore wrote it; empty for deletes and for
 *                          clients that sent none
 */
record JournalEntry(String journalId, String planRowId, String table, String recordSysId, String action,
                    boolean targetImage, Optional<TargetState> beforeState, Optional<ObjectNode> beforeImage,
                    Optional<String> afterFingerprint, Optional<Instant> prunedAt, Instant executedAt) {
    JournalEntry {
        Objects.requireNonNull(journalId, "journalId");
        Objects.requireNonNull(planRowId, "planRowId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(beforeState, "beforeState");
        Objects.requireNonNull(beforeImage, "beforeImage");
        Objects.requireNonNull(afterFingerprint, "afterFingerprint");
        Objects.requireNonNull(prunedAt, "prunedAt");
        Objects.requireNonNull(executedAt, "executedAt");
    }

    String recordKey() {
        return RollbackRequest.keyOf(table, recordSysId);
    }

    /** The record's state the restore left: gone after a delete, there after anything else. */
    TargetState expectedState() {
        return "delete".equals(action) ? TargetState.MISSING : TargetState.EXISTS;
    }

    /**
     * Whether the entry can be undone: it has the target's real before-image — a record that did not exist needs no
     * image, one that existed needs the sealed image, not pruned.
     */
    boolean undoable() {
        if (!targetImage || beforeState.isEmpty()) {
            return false;
        }
        return beforeState.get() == TargetState.MISSING || (beforeImage.isPresent() && prunedAt.isEmpty());
    }
}
