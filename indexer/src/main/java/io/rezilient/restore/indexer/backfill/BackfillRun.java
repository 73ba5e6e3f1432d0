package io.rezilient.restore.indexer.backfill;

import java.time.Instant;

/**
 * A backfill run as stored in {@code backfill_runs}.
 *
 * @param pauseReasonCode why it is paused ({@code none} unless paused)
 * @param rowsProcessed   events the run inserted (not those it found already indexed)
 */
public record BackfillRun(String runId, BackfillMode mode, BackfillWindow window, BackfillStatus status,
                          String pauseReasonCode, int batchSize, int maxRealtimeLagSeconds, long rowsProcessed,
                          String lastCursor, Instant startedAt, Instant updatedAt, Instant completedAt) {

    /** The ingest scope the run indexes under: its own lease, fencing epoch, cursor and quarantine. */
    public String ingestScopeId() {
        return ingestScopeIdOf(runId);
    }

    public static String ingestScopeIdOf(String runId) {
        return "backfill-" + runId;
    }
}
