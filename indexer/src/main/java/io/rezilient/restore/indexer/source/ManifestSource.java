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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
    /** Null: each batch is selected and read when asked. */
    private final ReadAhead<Pending> readAhead;

    /** A source that reads each batch when asked. */
    public ManifestSource(ObjectStore store, SourceSettings settings) {
        this(store, settings, null);
    }

    /**
     * A source that, after handing out a full batch, keeps selecting and reading the next ones in the background
     * (timed by {@code prefetchClock}) while the caller writes ({@link ReadAhead}): a full batch means the source is
     * behind, where throughput matters. A batch that is not full is never followed by a read-ahead, so a caught-up
     * worker always sees the newest keys. Null {@code prefetchClock}: no reading ahead.
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
        this(store, settings, prefetchClock, ShardWindow.of(ownsShard), permits);
    }

    /**
     * A source of the partitions {@code window} owns, each up to its last offset (mode {@code v2_primary}), reading
     * under {@code permits}, which other sources of the process may share.
     */
    public ManifestSource(ObjectStore store, SourceSettings settings, Clock prefetchClock, ShardWindow window,
                          ReadPermits permits) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reader = new ItemReader(store, Objects.requireNonNull(permits, "permits"));
        this.listing = new ListedArtifacts(store);
        this.v2Lister = new V2PartitionLister(listing, settings.prefix(), Objects.requireNonNull(window, "window"));
        this.prefetchClock = prefetchClock;
        this.readAhead = prefetchClock == null ? null : new ReadAhead<>();
    }

    /** Stops a background read, if any. */
    @Override
    public void close() {
        if (readAhead != null) {
            readAhead.close();
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
        if (readAhead == null) {
            return finish(cursor, startReads(select(cursor, limit, now), limit), now);
        }
        Pending pending = readAhead.take(cursor, limit)
                .orElseGet(() -> readAhead.selectNow(() -> startReads(select(cursor, limit, now), limit)));
        SourceBatch batch = finish(cursor, pending, now);
        if (pending.full()) {
            readAhead.continueAfter(pending, batch.nextCursor(), limit, this::selectAfter);
        } else {
            readAhead.discardAll();
        }
        return batch;
    }

    /**
     * Selects the batch after {@code previous} and starts reading it. The cursor it selects from carries only what
     * the previous batch's keys decide (its items are still being read), which is all selection looks at.
     */
    private Pending selectAfter(Pending previous) {
        Selection before = previous.selection();
        SourceCursorState from = ShardTracker.advanceOffsets(settings.prefix(), before.cursor, before.keys);
        return startReads(select(from, previous.limit(), prefetchClock.instant()), previous.limit());
    }

    private Selection select(SourceCursorState cursor, int limit, Instant now) {
        return settings.mode() == CursorMode.V2_PRIMARY ? selectV2(cursor, limit, now) : selectMixed(cursor, limit, now);
    }

    /**
     * Starts reading a selection's objects on a thread of its own. Which artifacts the listing named is decided now,
     * before the next selection lists further.
     */
    private Pending startReads(Selection selection, int limit) {
        Set<String> listed = listing.keys();
        Set<String> listedArtifacts = new HashSet<>();
        for (String key : selection.keys) {
            String artifact = ManifestKeys.artifactKeyOf(key);
            if (listed.contains(artifact)) {
                listedArtifacts.add(artifact);
            }
        }
        listing.consumed(selection.keys);
        FutureTask<List<SourceItem>> items = new FutureTask<>(
                () -> reader.readAll(selection.keys, selection.origins, listedArtifacts));
        Thread.ofVirtual().name("rez-indexer-batch-read").start(items);
        return new Pending(selection, limit, items);
    }

    /** Waits for a selection's items and moves the caller's cursor past them. */
    private SourceBatch finish(SourceCursorState cursor, Pending pending, Instant now) {
        List<SourceItem> items = pending.await();
        Selection selection = pending.selection();
        // the selection was made from this cursor, or (read ahead) from one equal in everything selection decides
        SourceCursorState selected = cursor.withReplay(selection.cursor.replay())
                .withScanCursor(selection.cursor.scanCursor());
        ShardTracker.Advanced advanced = ShardTracker.advance(settings.prefix(), selected, items, now);
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

    /** A selection whose objects are being read. */
    private record Pending(Selection selection, int limit, FutureTask<List<SourceItem>> items)
            implements ReadAhead.Selected {
        @Override
        public boolean full() {
            return selection.keys.size() == limit;
        }

        @Override
        public void abandon() {
            items.cancel(true);
        }

        List<SourceItem> await() {
            try {
                return items.get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a batch", interrupted);
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("reading a batch failed: " + failed.getCause(), failed.getCause());
            }
        }
    }
}
