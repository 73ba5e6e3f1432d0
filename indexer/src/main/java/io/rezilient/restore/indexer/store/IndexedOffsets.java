package io.rezilient.restore.indexer.store;

import java.math.BigInteger;
import java.util.List;

/** Reads the offsets already indexed in a partition's generation, upward; the frontier walk's view of the table. */
@FunctionalInterface
interface IndexedOffsets {
    /** Up to {@code limit} distinct indexed offsets above {@code after}, ascending. */
    List<OffsetTime> above(GenerationKey generation, BigInteger after, int limit);
}
