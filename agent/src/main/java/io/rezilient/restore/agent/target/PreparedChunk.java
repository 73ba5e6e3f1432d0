package io.rezilient.restore.agent.target;

import java.util.List;
import java.util.Optional;

/**
 * A chunk inside its transaction, locks held: either the stored result of a claim that turned out to be applied
 * already, or every row with its decision.
 */
record PreparedChunk(Optional<ChunkResult> stored, List<PlannedRow> rows) {
    static PreparedChunk stored(ChunkResult result) {
        return new PreparedChunk(Optional.of(result), List.of());
    }

    static PreparedChunk planned(List<PlannedRow> rows) {
        return new PreparedChunk(Optional.empty(), List.copyOf(rows));
    }

    /** The rows whose conflict or failure keeps the chunk from being applied as a unit, sorted. */
    List<String> triggers() {
        return rows.stream().filter(row -> row.decision().triggersFallback()).map(row -> row.row().rowId()).sorted()
                .toList();
    }
}
