package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.time.Instant;

/**
 * A stored partition watermark. The freshness columns are the indexer's assessment at {@code measuredAt}; a reader
 * deciding whether a restore may run evaluates freshness again at its own "now".
 *
 * @param indexedThroughOffset canonical decimal offset
 */
public record PartitionWatermark(PartitionKey partition, String generationId, long generationEpoch,
                                 String indexedThroughOffset, Instant indexedThroughTime,
                                 Instant coverageStart, Instant coverageEnd,
                                 Freshness freshness, Executability executability, ReasonCode reasonCode,
                                 Instant measuredAt, Instant updatedAt) {
}
