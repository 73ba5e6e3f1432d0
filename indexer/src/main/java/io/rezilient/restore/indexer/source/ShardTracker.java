package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.objectstore.KeyOrder;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        // Aggregated per shard first, so the cursor (an immutable map) is rebuilt once per shard, not per item.
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (SourceItem item : items) {
            Optional<V2Keys.Location> location = V2Keys.locate(prefix, item.manifestKey());
            if (location.isEmpty()) {
                continue;
            }
            Manifest manifest = item.manifest();
            String lastKey = manifest == null ? item.manifestKey() : manifest.artifactKey();
            String eventTime = manifest == null ? null : IsoUtc.format(manifest.eventTime());
            seen.computeIfAbsent(location.get().shardKey(), shard -> new Seen(lastKey))
                    .add(location.get().offset().add(BigInteger.ONE), lastKey, eventTime);
        }
        SourceCursorState next = cursor;
        int advanced = 0;
        for (Map.Entry<String, Seen> shard : seen.entrySet()) {
            ShardProgress current = next.byShard().get(shard.getKey());
            ShardProgress updated = shard.getValue().applyTo(current);
            if (!updated.equals(current)) {
                next = next.withShard(shard.getKey(), updated);
                if (current == null || !updated.nextOffset().equals(current.nextOffset())) {
                    advanced++;
                }
            }
        }
        if (next != cursor) {
            next = next.withLastReconcileAt(IsoUtc.format(now));
        }
        return new Advanced(next, advanced);
    }

    /**
     * The cursor with each shard's {@code next_offset} moved past {@code manifestKeys}, which is all a selection of
     * the batch after them looks at; the rest ({@code last_key}, times) needs the items and is left as it was.
     */
    static SourceCursorState advanceOffsets(String prefix, SourceCursorState cursor, List<String> manifestKeys) {
        Map<String, BigInteger> highest = new LinkedHashMap<>();
        for (String key : manifestKeys) {
            V2Keys.locate(prefix, key).ifPresent(location -> highest.merge(location.shardKey(),
                    location.offset().add(BigInteger.ONE), BigInteger::max));
        }
        SourceCursorState next = cursor;
        for (Map.Entry<String, BigInteger> shard : highest.entrySet()) {
            ShardProgress current = next.byShard().get(shard.getKey());
            if (current == null) {
                next = next.withShard(shard.getKey(), new ShardProgress(null, null, shard.getValue().toString()));
            } else if (shard.getValue().compareTo(new BigInteger(current.nextOffset())) > 0) {
                next = next.withShard(shard.getKey(), new ShardProgress(current.lastEventTime(), current.lastKey(),
                        shard.getValue().toString()));
            }
        }
        return next;
    }

    /** What a batch saw of one shard: its highest next offset (with that item's key), first key and latest time. */
    private static final class Seen {
        private final String firstKey;
        private BigInteger highest;
        private String highestKey;
        private String latestTime;

        Seen(String firstKey) {
            this.firstKey = firstKey;
        }

        void add(BigInteger candidate, String lastKey, String eventTime) {
            if (highest == null || candidate.compareTo(highest) > 0) { // the first of equal offsets wins
                highest = candidate;
                highestKey = lastKey;
            }
            latestTime = laterTime(latestTime, eventTime);
        }

        /** {@code next_offset} only grows; {@code last_key} follows it (or fills a gap); the time is the latest. */
        ShardProgress applyTo(ShardProgress current) {
            if (current == null) {
                return new ShardProgress(latestTime, highestKey, highest.toString());
            }
            boolean higher = highest.compareTo(new BigInteger(current.nextOffset())) > 0;
            String lastKey = higher ? highestKey : current.lastKey() == null ? firstKey : current.lastKey();
            return new ShardProgress(laterTime(current.lastEventTime(), latestTime), lastKey,
                    higher ? highest.toString() : current.nextOffset());
        }
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
