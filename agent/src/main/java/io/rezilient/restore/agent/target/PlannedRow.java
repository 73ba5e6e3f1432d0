package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * One row of a chunk with what the writer found and decided under its locks.
 *
 * @param current the target record as it is now (the before-image), empty when it does not exist or its table
 *                cannot be read
 */
record PlannedRow(RowChange row, TargetTable table, Optional<ObjectNode> current, RowDecision decision) {
    TableShape shape() {
        if (table instanceof TargetTable.Usable usable) {
            return usable.shape();
        }
        throw new IllegalStateException("row " + row.rowId() + " has no usable table");
    }
}
