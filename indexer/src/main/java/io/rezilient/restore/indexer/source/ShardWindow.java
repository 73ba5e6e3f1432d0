package io.rezilient.restore.indexer.source;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Which layout-v2 partitions a source reads, and up to which offset. The live worker reads every partition to its
 * end; a partition group reads its own partitions; a backfill run reads its partitions only up to the end of its
 * window, so it stops there however far the live stream has gone.
 */
public interface ShardWindow {
    /** Every partition, without end. */
    ShardWindow ALL = new ShardWindow() {
        @Override
        public boolean owns(String shardKey) {
            return true;
        }

        @Override
        public Optional<BigInteger> lastOffset(String shardKey) {
            return Optional.empty();
        }
    };

    /** Whether the partition with this shard key is read at all. */
    boolean owns(String shardKey);

    /** The last offset read of an owned partition (inclusive), or empty to read to its end. */
    Optional<BigInteger> lastOffset(String shardKey);

    /** Exactly these partitions, each up to its last offset (inclusive). */
    static ShardWindow upTo(Map<String, BigInteger> lastOffsets) {
        Map<String, BigInteger> copy = Map.copyOf(lastOffsets);
        return new ShardWindow() {
            @Override
            public boolean owns(String shardKey) {
                return copy.containsKey(shardKey);
            }

            @Override
            public Optional<BigInteger> lastOffset(String shardKey) {
                return Optional.ofNullable(copy.get(shardKey));
            }
        };
    }

    /** The partitions {@code owns} accepts, each to its end. */
    static ShardWindow of(java.util.function.Predicate<String> owns) {
        return new ShardWindow() {
            @Override
            public boolean owns(String shardKey) {
                return owns.test(shardKey);
            }

            @Override
            public Optional<BigInteger> lastOffset(String shardKey) {
                return Optional.empty();
            }
        };
    }
}
