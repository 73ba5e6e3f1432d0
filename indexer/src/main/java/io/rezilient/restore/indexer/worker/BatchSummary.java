package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.indexer.source.SourceBatch;

/**
 * What one {@link IndexerWorker#runOnce()} did.
 *
 * @param leader       whether this worker held the lease (false: nothing was read or written)
 * @param batchSize    items the source returned
 * @param quarantined  items set aside into quarantine this cycle (new failures and failed retries)
 * @param retried      quarantined artifacts indexed by the retry pass
 * @param cursor       the cursor persisted with the batch, or null when nothing was written
 */
public record BatchSummary(boolean leader, int batchSize, int inserted, int existing, int quarantined, int retried,
                           String cursor, Long realtimeLagSeconds, SourceBatch.ScanCounters counters) {
    static BatchSummary notLeader() {
        return new BatchSummary(false, 0, 0, 0, 0, 0, null, null, SourceBatch.ScanCounters.NONE);
    }

    /**
     * Nothing new was found (no key after the cursor, nothing inserted, no retry indexed): the poller may sleep, and
     * {@code rez indexer once} is caught up. Replay re-reading keys that are already indexed does not count, or a
     * scope with replay on would never be idle.
     */
    public boolean empty() {
        return counters.fastPathSelected() == 0 && inserted == 0 && retried == 0;
    }
}
