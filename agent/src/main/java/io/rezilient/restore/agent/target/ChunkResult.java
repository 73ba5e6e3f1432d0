package io.rezilient.restore.agent.target;

import java.util.List;
import java.util.Objects;

/**
 * What applying a chunk did, one result per row in the chunk's order.
 *
 * @param fallbackTriggerRowIds for {@link ChunkStatus#ROW_FALLBACK}, the rows (sorted) whose conflict or failure made
 *                              the chunk fall back; empty otherwise
 * @param replayed              true when the claim had been applied before: this is the stored result, and nothing
 *                              was written this time
 */
public record ChunkResult(String claimId, ChunkStatus status, List<RowResult> rows, List<String> fallbackTriggerRowIds,
                          boolean replayed) {
    public ChunkResult {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(status, "status");
        rows = List.copyOf(rows);
        fallbackTriggerRowIds = List.copyOf(fallbackTriggerRowIds);
        if ((status == ChunkStatus.ROW_FALLBACK) == fallbackTriggerRowIds.isEmpty()) {
            throw new IllegalArgumentException("claim " + claimId + ": a chunk falls back exactly when some row "
                    + "triggered it");
        }
    }
}
