package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ReplayState;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ObjectKeyLayout;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ObjectStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The manifest source (indexer-spec §2.1, §2.5–§2.7): selects the next manifest keys after the cursor, reads
 * manifests and artifacts, and computes the cursor after the batch. It never writes anything; the worker persists
 * the cursor with the batch.
 */
public final class ManifestSource implements AutoCloseable {
    private final ObjectStore store;
    /** The store as the listers use it: it remembers which artifacts the listing named. */
    private final ListedArtifacts listing;
    private final SourceSettings settings;
    private final ItemReader reader;
    private final V2PartitionLister v2Lister;
    private final Clock prefetchClock;
    private final BatchPrefetcher prefetcher;

    /** A source that reads each batch when asked. */
    public ManifestSource(ObjectStore store, SourceSettings settings) {
        this(store, settings, null);
    }

    /**
     * A source that, after handing out a full batch, reads the next one in the background (timed by
     * {@code prefetchClock}) while the caller writes the first: a full batch means the source is behind, where
     * throughput matters. A batch that is not full is never followed by a prefetch, so a caught-up worker always
     * sees the newest keys. Null {@code prefetchClock}: no prefetching.
     */
    public ManifestSource(ObjectStore store, SourceSettings settings, Clock prefetchClock) {
        this(store, settings, prefetchClock, shard -> true, ReadPermits.of(settings.readConcurrency()));
    }

    /**
     * A source of some partitions only (mode {@code v2_primary}): those whose shard key {@code ownsShard} accepts,
     * reading under {@code permits}, which other sources of the process may share.
     */
    public ManifestSource(ObjectStore store, SourceSettings settings, Clock prefetchClock,
                          Predicate<String> ownsShard, ReadPermits permits) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reader = new ItemReader(store, Objects.requireNonNull(permits, "permits"));
        this.listing = new ListedArtifacts(store);
        this.v2Lister = new V2PartitionLister(listing, settings.prefix(), Objects.requireNonNull(ownsShard));
        this.prefetchClock = prefetchClock;
        this.prefetcher = prefetchClock == null ? null : new BatchPrefetcher();
    }

    /** Stops a background read, if any. */
    @Override
    public void close() {
        if (prefetcher != null) {
            prefetcher.close();
        }
    }

    public SourceSettings settings() {
        return settings;
    }

    public String describe() {
        return store.describe() + "/" + settings.listingPrefix();
    }

    /** Reads the batch after {@code cursor}: at most {@code limit} items, in key order. */
    public SourceBatch readBatch(SourceCursorState cursor, int limit, Instant now) {
        Objects.requireNonNull(cursor, "cursor");
        if (prefetcher == null) {
            return read(cursor, limit, now);
        }
        SourceBatch batch = prefetcher.take(cursor, limit).orElseGet(() -> read(cursor, limit, now));
        if (batch.items().size() == limit) {
            SourceCursorState next = batch.nextCursor();
            prefetcher.start(next, limit, () -> read(next, limit, prefetchClock.instant()));
        }
        return batch;
    }

    private SourceBatch read(SourceCursorState cursor, int limit, Instant now) {
        Selection selection = settings.mode() == CursorMode.V2_PRIMARY
                ? selectV2(cursor, limit, now) : selectMixed(cursor, limit, now);
        List<SourceItem> items = reader.readAll(selection.keys, selection.origins, listing.keys());
        listing.consumed(selection.keys);
        ShardTracker.Advanced advanced = ShardTracker.advance(settings.prefix(), selection.cursor, items, now);
        int v1 = 0;
        int v2 = 0;
        int other = 0;
        Instant newest = null;
        for (SourceItem item : items) {
            Manifest manifest = item.manifest();
            if (manifest == null) {
                other++;
                continue;
            }
            if (manifest.layout() == ObjectKeyLayout.V1) {
                v1++;
            } else {
                v2++;
            }
            if (newest == null || manifest.eventTime().isAfter(newest)) {
                newest = manifest.eventTime();
            }
        }
        Long lag = newest == null ? null : Math.max(0, Duration.between(newest, now).getSeconds());
        SourceBatch.ScanCounters counters = new SourceBatch.ScanCounters(selection.fastSelected,
                selection.replaySelected, selection.replayRan, selection.listCalls, advanced.shardsAdvanced(),
                v1, v2, other);
        return new SourceBatch(items, advanced.cursor(), lag, counters);
    }

    /** Re-reads one manifest and its artifact (the quarantine retry pass). */
    public SourceItem readOne(String manifestKey) {
        return reader.read(manifestKey, ItemOrigin.RETRY);
    }

    private Selection selectMixed(SourceCursorState cursor, int limit, Instant now) {
        FastPathScanner.Result fast = FastPathScanner.scan(listing, settings.listingPrefix(), cursor.scanCursor(),
                limit, settings.maxScanPages());
        String firstFast = fast.keys().isEmpty() ? null : fast.keys().getFirst();
        String lowerBound = ReplayWindow.lowerBound(settings, cursor.replay(), cursor.scanCursor(), firstFast);
        boolean replayRan = ReplayWindow.due(settings, cursor, lowerBound, now);
        List<String> replayOnly = List.of();
        int calls = fast.listCalls();
        if (replayRan) {
            ReplayWindow.Found found = ReplayWindow.list(listing, settings, lowerBound, cursor.scanCursor());
            calls += found.listCalls();
            Set<String> fastSet = new HashSet<>(fast.keys());
            replayOnly = found.keys().stream().filter(key -> !fastSet.contains(key)).toList();
        }
        List<String> fastKept = new ArrayList<>(fast.keys());
        List<String> replayKept = new ArrayList<>();
        int free = limit - fastKept.size();
        if (free > 0) {
            // the highest replay-only keys that fit: they sit closest below the cursor, where late keys land
            replayKept.addAll(replayOnly.subList(Math.max(0, replayOnly.size() - free), replayOnly.size()));
        } else if (!replayOnly.isEmpty() && !fastKept.isEmpty()) {
            fastKept.removeLast(); // the reference gives one slot to replay so it can never starve completely
            replayKept.add(replayOnly.getLast());
        }
        boolean droppedFast = fastKept.size() < fast.keys().size();
        String scanCursor;
        if (droppedFast) {
            scanCursor = fastKept.isEmpty() ? cursor.scanCursor() : fastKept.getLast();
        } else if (fast.pageCapHit()) {
            scanCursor = fast.lastExamined(); // everything up to here was listed and is selected or not a manifest
        } else {
            scanCursor = fastKept.isEmpty() ? cursor.scanCursor() : fastKept.getLast();
        }
        ReplayState replay = new ReplayState(settings.replay().enabled(),
                replayRan ? IsoUtc.format(now) : cursor.replay().lastReplayAt(), lowerBound);
        SourceCursorState next = cursor.withReplay(replay).withScanCursor(scanCursor);

        List<String> keys = new ArrayList<>(fastKept.size() + replayKept.size());
        List<ItemOrigin> origins = new ArrayList<>();
        keys.addAll(fastKept);
        keys.addAll(replayKept);
        keys.sort(KeyOrder.UTF8);
        Set<String> replaySet = new HashSet<>(replayKept);
        keys.forEach(key -> origins.add(replaySet.contains(key) ? ItemOrigin.REPLAY : ItemOrigin.FAST));
        return new Selection(keys, origins, next, fastKept.size(), replayKept.size(), replayRan, calls);
    }

    private Selection selectV2(SourceCursorState cursor, int limit, Instant now) {
        V2PartitionLister.Result listed = v2Lister.list(cursor.byShard(), limit, now);
        List<String> keys = new ArrayList<>(listed.keys());
        keys.sort(KeyOrder.UTF8);
        // the replay bound is still resolved and kept (indexer-spec §2.7); replay itself never runs here
        String lowerBound = ReplayWindow.lowerBound(settings, cursor.replay(), cursor.scanCursor(),
                keys.isEmpty() ? null : keys.getFirst());
        SourceCursorState next = cursor.withReplay(new ReplayState(settings.replay().enabled(),
                cursor.replay().lastReplayAt(), lowerBound));
        return new Selection(keys, Collections.nCopies(keys.size(), ItemOrigin.FAST), next, keys.size(), 0, false,
                listed.listCalls());
    }

    private record Selection(List<String> keys, List<ItemOrigin> origins, SourceCursorState cursor,
                             int fastSelected, int replaySelected, boolean replayRan, int listCalls) {
    }
}
