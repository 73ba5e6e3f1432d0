package io.rezilient.restore.agent.target;

import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the writer will do with one row, decided from the plan row and the locked target state. */
sealed interface RowDecision {

    /** The plan skips the row: nothing is written. */
    record PlanSkip() implements RowDecision {
    }

    /** An earlier claim of the same job applied the row: it is reported applied again and not written. */
    record AlreadyApplied(EarlierApply earlier) implements RowDecision {
    }

    /** The target disagrees with the plan; the row is not applied. */
    record Conflict(ConflictClass conflictClass, String message) implements RowDecision {
    }

    /** The row cannot be applied to this target (schema) or its data is unusable. */
    record Fail(ReasonCode reasonCode, String message) implements RowDecision {
    }

    /** A delete of a record that is already gone: applied, nothing to write. */
    record NothingToDelete() implements RowDecision {
    }

    /**
     * Write the record: insert it with these columns and its sys_id, update these columns, or delete it.
     *
     * @param columns column → value (null for SQL NULL), in the order they are written; empty for a delete
     */
    record Write(PlanRowAction action, Map<String, String> columns) implements RowDecision {
        public Write {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }
    }

    /** Whether the row keeps its chunk from being applied as one unit. */
    default boolean triggersFallback() {
        return this instanceof Conflict || this instanceof Fail;
    }
}
