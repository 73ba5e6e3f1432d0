package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.indexer.store.PartitionKey;
import io.rezilient.restore.indexer.store.PartitionWatermark;

/**
 * One partition as {@code rez indexer status} and restores see it.
 *
 * @param watermark      null when nothing of the partition is indexed yet
 * @param openQuarantine open quarantined artifacts blocking it (its own, plus its source's unlocated ones)
 * @param freshness      the gate's decision, forced to unknown while quarantine is open
 */
public record PartitionStatus(PartitionKey partition, PartitionWatermark watermark, int openQuarantine,
                              FreshnessDecision freshness) {
}
