package io.rezilient.restore.agent.target;

/** What the writer found for a chunk row's table: a table it can write, or why it cannot. */
sealed interface TargetTable {
    record Usable(TableShape shape) implements TargetTable {
    }

    /** No such table, a name that is not a plain identifier, or a table without a {@code sys_id} column. */
    record Unusable(String problem) implements TargetTable {
    }
}
