package io.rezilient.restore.contracts.cursor;

import io.rezilient.restore.contracts.offsets.Offsets;

/**
 * Progress of one v2 shard ({@code "<topic>|<partition>"}).
 *
 * @param lastEventTime event time of the last indexed item, or null
 * @param lastKey       object key of the last indexed item, or null
 * @param nextOffset    the next Kafka offset expected, canonical decimal string
 */
public record ShardProgress(String lastEventTime, String lastKey, String nextOffset) {
    public ShardProgress {
        nextOffset = Offsets.canonicalize(nextOffset);
    }
}
