package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.time.Instant;

/**
 * A stored partition watermark. The freshness columns are the indexer's assessment at {@code measuredAt}; a reader
 * deciding whether a restore may run evaluates freshness again at its own "now".
 *
 * <p>Offsets are canonical decimals. Every offset from {@code indexedFromOffset} through {@code indexedThroughOffset}
 * is indexed; {@code highestIndexedOffset} above the latter means a hole is open, since {@code frontierStalledSince}
 * (docs/indexer-watermarks.md).
 */
public record PartitionWatermark(PartitionKey partition, String generationId, long generationEpoch,
                                 String indexedFromOffset, String indexedThroughOffset, Instant indexedThroughTime,
                                 Instant coverageStart, Instant coverageEnd,
                                 String highestIndexedOffset, Instant highestIndexedTime,
                                 Instant frontierStalledSince,
                                 Freshness freshness, Executability executability, ReasonCode reasonCode,
                                 Instant measuredAt, Instant updatedAt) {

    /** Whether an offset above the frontier is indexed while the next one after the frontier is not. */
    public boolean holeOpen() {
        return frontierStalledSince != null;
    }
}
