package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.objectstore.KeyOrder;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves {@code v2.by_shard} past a batch's layout-v2 items (indexer-spec §5.4). The offset is taken from the key,
 * so an item whose manifest could not even be parsed still moves its partition on (it lives on in quarantine).
 * {@code next_offset} only grows; {@code last_event_time} is the latest manifest time seen.
 */
final class ShardTracker {
    /** The advanced cursor and how many distinct shards moved. */
    record Advanced(SourceCursorState cursor, int shardsAdvanced) {
    }

    private ShardTracker() {
    }

    static Advanced advance(String prefix, SourceCursorState cursor, List<SourceItem> items, Instant now) {
        SourceCursorState next = cursor;
        Set<String> advanced = new HashSet<>();
        for (SourceItem item : items) {
            Optional<V2Keys.Location> location = V2Keys.locate(prefix, item.manifestKey());
            if (location.isEmpty()) {
                continue;
            }
            String shardKey = location.get().shardKey();
            BigInteger candidate = location.get().offset().add(BigInteger.ONE);
            Manifest manifest = item.manifest();
            String lastKey = manifest == null ? item.manifestKey() : manifest.artifactKey();
            String eventTime = manifest == null ? null : IsoUtc.format(manifest.eventTime());
            ShardProgress current = next.byShard().get(shardKey);
            ShardProgress updated;
            if (current == null) {
                updated = new ShardProgress(eventTime, lastKey, candidate.toString());
            } else {
                boolean higher = candidate.compareTo(new BigInteger(current.nextOffset())) > 0;
                updated = new ShardProgress(laterTime(current.lastEventTime(), eventTime),
                        higher || current.lastKey() == null ? lastKey : current.lastKey(),
                        higher ? candidate.toString() : current.nextOffset());
            }
            if (!updated.equals(current)) {
                next = next.withShard(shardKey, updated);
                if (current == null || !updated.nextOffset().equals(current.nextOffset())) {
                    advanced.add(shardKey);
                }
            }
        }
        if (next != cursor) {
            next = next.withLastReconcileAt(IsoUtc.format(now));
        }
        return new Advanced(next, advanced.size());
    }

    private static String laterTime(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        // canonical ISO UTC with milliseconds: string order is time order
        return KeyOrder.compare(a, b) >= 0 ? a : b;
    }
}
