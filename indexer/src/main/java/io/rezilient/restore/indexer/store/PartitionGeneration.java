package io.rezilient.restore.indexer.store;

import java.time.Instant;

/**
 * A registered generation of a partition.
 *
 * @param maxIndexedOffset canonical decimal offset, null before the first event
 * @param endedAt          set when a newer generation took over the partition's watermark
 */
public record PartitionGeneration(PartitionKey partition, String generationId, long generationEpoch,
                                  Instant startedAt, Instant endedAt, String maxIndexedOffset,
                                  Instant maxIndexedTime) {
}
