package io.rezilient.restore.agent.target;

/**
 * One row of a claim as the ledger records it.
 *
 * @param index       its position in the chunk
 * @param wroteTarget whether this claim wrote the target for it (false for skips, conflicts, failures, deletes of
 *                    missing records and rows an earlier claim had applied)
 */
record LedgerRow(int index, RowChange row, RowResult result, boolean wroteTarget) {
}
