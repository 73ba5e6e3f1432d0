package io.rezilient.restore.indexer.store;

import java.time.Instant;

/**
 * The progress row of an ingest scope.
 *
 * @param cursor               the cursor text exactly as persisted (it may fail to parse; the reader must show it)
 * @param lastIndexedOffset    canonical decimal offset, or null
 * @param processedCount       events this scope newly indexed, each counted once however often it was delivered
 * @param fencingEpoch         lease epoch of the writer of the last batch
 * @param lastObservedTenantId from the last event written (real values, never placeholders)
 */
public record SourceProgress(String ingestScopeId, String sourceUri, String cursor, int lastBatchSize,
                             Instant lastIndexedEventTime, String lastIndexedOffset, Long lastLagSeconds,
                             long processedCount, long fencingEpoch, String lastObservedTenantId,
                             String lastObservedInstanceId, String lastObservedSource, Instant updatedAt) {
}
