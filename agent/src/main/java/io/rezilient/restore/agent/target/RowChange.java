package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.PlanRowAction;

import java.util.Objects;
import java.util.Optional;

/**
 * One plan row of a claimed chunk, its values already decrypted by the agent.
 *
 * @param rowId               the plan row id
 * @param action              what to do to the target record; {@link PlanRowAction#SKIP} leaves it alone
 * @param rowAttempt          the service's attempt number for this row (part of its rollback-journal id)
 * @param values              the record to write, field → string value or JSON null; present exactly for insert
 *                            and update
 * @param expectedFingerprint the target record's fingerprint when the plan was reconciled, if the record existed
 *                            then; a different fingerprint now is a value conflict
 */
public record RowChange(String rowId, String table, String sysId, PlanRowAction action, int rowAttempt,
                        Optional<ObjectNode> values, Optional<String> expectedFingerprint) {
    public RowChange {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(sysId, "sysId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(expectedFingerprint, "expectedFingerprint");
        boolean writes = action == PlanRowAction.INSERT || action == PlanRowAction.UPDATE;
        if (writes != values.isPresent()) {
            throw new IllegalArgumentException("row " + rowId + ": a " + action.wire() + " "
                    + (writes ? "needs the record's values" : "carries no values"));
        }
        values = values.map(ObjectNode::deepCopy);
    }

    public RecordRef record() {
        return new RecordRef(table, sysId);
    }

    /** An insert or update of {@code values}. */
    public static RowChange write(String rowId, String table, String sysId, PlanRowAction action, int rowAttempt,
                                  ObjectNode values, Optional<String> expectedFingerprint) {
        return new RowChange(rowId, table, sysId, action, rowAttempt, Optional.of(values), expectedFingerprint);
    }

    /** A delete. */
    public static RowChange delete(String rowId, String table, String sysId, int rowAttempt,
                                   Optional<String> expectedFingerprint) {
        return new RowChange(rowId, table, sysId, PlanRowAction.DELETE, rowAttempt, Optional.empty(),
                expectedFingerprint);
    }

    /** A row the plan leaves alone. */
    public static RowChange skip(String rowId, String table, String sysId, int rowAttempt) {
        return new RowChange(rowId, table, sysId, PlanRowAction.SKIP, rowAttempt, Optional.empty(), Optional.empty());
    }
}
