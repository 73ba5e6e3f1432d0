package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;


import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code v2_primary} listing: every partition directory of layout v2 is listed from its shard's {@code next_offset},
 * so a late key of one partition is never hidden behind another partition's keys (weak point 7). The batch takes
 * keys round-robin across partitions, each partition's share being a prefix of its offset order, so one busy
 * partition cannot starve the others.
 *
 * <p>Listing is the expensive part of a poll (a filesystem store reads the whole directory, S3 pays a request per
 * 1,000 keys), so the lister remembers what it listed: each partition keeps the manifest keys of its last listing as
 * a lookahead, and a partition is listed again only once the cursor has consumed its lookahead. A lookahead is used
 * only while it was listed from at or before the shard's current position, so a cursor that moves back (a new lease
 * term reloads it from the database) is listed afresh. Partition directories are discovered by skipping from one to
 * the next (one single-key list call each); discovery runs again every {@link #REDISCOVERY_INTERVAL} and whenever a
 * poll finds nothing, and shards the cursor already knows are always listed. Serving from a lookahead relies on
 * layout v2's write order (docs/object-layout.md §1.3: a partition's objects are written in offset order), so no
 * key can appear later between keys already listed.
 *
 * <p>Not thread-safe: one lister belongs to one {@link ManifestSource}, which one worker drives.
 */
final class V2PartitionLister {
    /** Upper bound on list calls spent discovering directories per poll. */
    static final int MAX_DISCOVERY_STEPS = 10_000;
    /** How long a discovered set of partition directories is trusted before new partitions are looked for. */
    static final Duration REDISCOVERY_INTERVAL = Duration.ofSeconds(30);
    /** Manifest keys kept in lookaheads across all partitions: bounds memory with many partitions. */
    static final int LOOKAHEAD_BUDGET = 50_000;
    /** Most manifest keys one partition lists ahead (unless the batch limit is larger). */
    static final int MAX_LOOKAHEAD = 2_000;
    /**
     * How long a partition whose listing reached the directory's end, and whose keys were all taken, counts as
     * caught up while other partitions fill the batch: relisting it on every batch would cost a list request per
     * quiet partition per batch while a backlog drains. Whenever a batch is not full, such partitions are listed
     * again at once, so a caught-up worker still sees every new key on its next poll.
     */
    static final Duration CAUGHT_UP_RECHECK = Duration.ofSeconds(1);
    /** Pages listed per partition directory per refill. */
    private static final int MAX_PAGES_PER_PARTITION = 10;

    record Result(List<String> keys, int listCalls) {
    }

    /**
     * Manifest keys of one partition listed after {@code listedFrom} (null: from the directory's start), ascending;
     * {@code complete}: the listing reached the directory's end rather than stopping at the batch limit.
     */
    private record Lookahead(String listedFrom, List<String> keys, boolean complete, Instant listedAt) {
        /** The keys after {@code startAfter}, or empty when this lookahead cannot answer for that position. */
        List<String> after(String startAfter) {
            if (!covers(startAfter)) {
                return List.of();
            }
            int first = startAfter == null ? 0 : firstAfter(keys, startAfter);
            return keys.subList(first, keys.size());
        }

        boolean covers(String startAfter) {
            return listedFrom == null || startAfter != null && KeyOrder.compare(listedFrom, startAfter) <= 0;
        }

        /** Listed to the directory's end less than {@link #CAUGHT_UP_RECHECK} ago, and nothing left after the position. */
        boolean caughtUpAt(String startAfter, Instant now) {
            return complete && covers(startAfter) && after(startAfter).isEmpty() && !now.isBefore(listedAt)
                    && now.isBefore(listedAt.plus(CAUGHT_UP_RECHECK));
        }
    }

    private final ObjectStore store;
    private final String prefix;
    /** Which partitions (by shard key) this lister serves, and up to which offset. */
    private final ShardWindow window;
    private final Map<String, Lookahead> lookaheads = new ConcurrentHashMap<>();
    private SequencedSet<String> discovered;
    private Instant discoveredAt;

    V2PartitionLister(ObjectStore store, String prefix) {
        this(store, prefix, ShardWindow.ALL);
    }

    V2PartitionLister(ObjectStore store, String prefix, ShardWindow window) {
        this.store = store;
        this.prefix = prefix;
        this.window = window;
    }

    Result list(SortedMap<String, ShardProgress> shards, int limit, Instant now) {
        AtomicInteger calls = new AtomicInteger();
        boolean freshDiscovery = discoveryDue(now);
        if (freshDiscovery) {
            rediscover(now, calls);
        }
        Result result = select(shards, limit, calls, now);
        if (result.keys().isEmpty() && !freshDiscovery) {
            // nothing to do with the partitions we know of: a cheap moment to look for new ones
            rediscover(now, calls);
            result = select(shards, limit, calls, now);
        }
        return result;
    }

    private boolean discoveryDue(Instant now) {
        return discovered == null || now.isBefore(discoveredAt) || !now.isBefore(discoveredAt.plus(REDISCOVERY_INTERVAL));
    }

    private void rediscover(Instant now, AtomicInteger calls) {
        discovered = discover(calls);
        discoveredAt = now;
        lookaheads.keySet().retainAll(discovered); // directories that vanished keep nothing in memory
    }

    private Result select(SortedMap<String, ShardProgress> shards, int limit, AtomicInteger calls, Instant now) {
        Map<String, String> positions = positions(shards);
        // list further ahead than one batch: fewer, larger listings (a listing's cost is mostly per call)
        int depth = Math.max(limit, Math.min(MAX_LOOKAHEAD, LOOKAHEAD_BUDGET / Math.max(1, positions.size())));
        Set<String> caughtUp = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> perPartition = inParallel(positions.keySet(),
                directory -> pending(directory, positions.get(directory), depth, calls, now, caughtUp));
        List<String> selected = roundRobin(perPartition, limit);
        if (selected.size() < limit) {
            // every partition gave all it had; those whose lookahead stopped at the limit may hold more, and those
            // taken as caught up without listing may have new keys by now
            List<String> unfinished = new ArrayList<>(caughtUp);
            for (Map.Entry<String, List<String>> partition : perPartition.entrySet()) {
                Lookahead lookahead = lookaheads.get(partition.getKey());
                if (lookahead != null && !lookahead.complete() && !partition.getValue().isEmpty()) {
                    unfinished.add(partition.getKey());
                }
            }
            if (!unfinished.isEmpty()) {
                perPartition.putAll(inParallel(unfinished,
                        directory -> relist(directory, positions.get(directory), depth, calls, now)));
                selected = roundRobin(perPartition, limit);
            }
        }
        return new Result(selected, calls.get());
    }

    /**
     * {@code work} for every directory at once, results in the directories' order: each partition's listing is its
     * own chain of pages, so against a remote store they wait their round trips side by side instead of in turn.
     */
    private static Map<String, List<String>> inParallel(Collection<String> directories,
                                                        Function<String, List<String>> work) {
        Map<String, List<String>> results = new LinkedHashMap<>();
        if (directories.size() <= 1) {
            directories.forEach(directory -> results.put(directory, work.apply(directory)));
            return results;
        }
        Map<String, Future<List<String>>> pending = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            directories.forEach(directory -> pending.put(directory, executor.submit(() -> work.apply(directory))));
            for (Map.Entry<String, Future<List<String>>> listing : pending.entrySet()) {
                results.put(listing.getKey(), listing.getValue().get());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing partitions", interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime; // a store failure, as a sequential listing would have thrown it
            }
            throw new IllegalStateException("listing a partition failed: " + failed.getCause(), failed.getCause());
        }
        return results;
    }

    /** Each known partition directory and where its listing resumes ({@code startAfter}; null: from the start). */
    private Map<String, String> positions(SortedMap<String, ShardProgress> shards) {
        SequencedSet<String> directories = new LinkedHashSet<>(discovered);
        shards.keySet().forEach(shard -> directories.add(V2Keys.directory(prefix, shard)));
        Map<String, String> positions = new LinkedHashMap<>();
        for (String directory : directories) {
            String shardKey = directory.substring(V2Keys.root(prefix).length(), directory.length() - 1);
            if (!window.owns(shardKey)) {
                continue; // another partition group's: its cursor may still carry it (seeded from a wider one)
            }
            ShardProgress shard = shards.get(shardKey);
            positions.put(directory, shard == null ? null : V2Keys.startAfter(directory, shard.nextOffset()));
        }
        return positions;
    }

    private static List<String> roundRobin(Map<String, List<String>> perPartition, int limit) {
        List<String> selected = new ArrayList<>();
        for (int rank = 0; selected.size() < limit; rank++) {
            boolean any = false;
            for (List<String> keys : perPartition.values()) {
                if (rank < keys.size() && selected.size() < limit) {
                    selected.add(keys.get(rank));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return selected;
    }

    /** The partition's manifest keys after {@code startAfter}: from its lookahead, or listed afresh when used up. */
    private List<String> pending(String directory, String startAfter, int depth, AtomicInteger calls, Instant now,
                                 Set<String> caughtUp) {
        Lookahead lookahead = lookaheads.get(directory);
        if (lookahead != null) {
            List<String> remaining = lookahead.after(startAfter);
            if (!remaining.isEmpty()) {
                return remaining;
            }
            if (lookahead.caughtUpAt(startAfter, now)) {
                caughtUp.add(directory);
                return List.of();
            }
        }
        return relist(directory, startAfter, depth, calls, now);
    }

    private List<String> relist(String directory, String startAfter, int depth, AtomicInteger calls, Instant now) {
        Lookahead listed = listPartition(directory, startAfter, depth, calls, now);
        lookaheads.put(directory, listed);
        return listed.keys();
    }

    private SequencedSet<String> discover(AtomicInteger calls) {
        SequencedSet<String> directories = new LinkedHashSet<>();
        String root = V2Keys.root(prefix);
        String after = null;
        for (int step = 0; step < MAX_DISCOVERY_STEPS; step++) {
            ListPage page = store.list(root, after, 1);
            calls.incrementAndGet();
            if (page.keys().isEmpty()) {
                break;
            }
            String key = page.keys().getFirst();
            Optional<V2Keys.Location> location = V2Keys.locate(prefix, key);
            if (location.isPresent()) {
                directories.add(location.get().directory());
                after = V2Keys.pastDirectory(location.get().directory());
            } else {
                after = key; // not a partition key: step over it
            }
            if (!page.hasMore()) {
                break;
            }
        }
        return directories;
    }

    private Lookahead listPartition(String directory, String startAfter, int limit, AtomicInteger calls,
                                    Instant now) {
        List<String> keys = new ArrayList<>();
        String after = startAfter;
        boolean complete = false;
        String shardKey = directory.substring(V2Keys.root(prefix).length(), directory.length() - 1);
        BigInteger lastOffset = window.lastOffset(shardKey).orElse(null);
        for (int pages = 0; pages < MAX_PAGES_PER_PARTITION && keys.size() < limit; pages++) {
            ListPage page = store.list(directory, after, ManifestKeys.pageSize(limit));
            calls.incrementAndGet();
            for (String key : page.keys()) {
                if (lastOffset != null && beyond(key, lastOffset)) {
                    // the window ends here: what follows is not this source's to read
                    return new Lookahead(startAfter, Collections.unmodifiableList(keys), true, now);
                }
                if (key.endsWith(ManifestKeys.MANIFEST_SUFFIX) && keys.size() < limit) {
                    keys.add(key);
                }
            }
            if (page.keys().isEmpty() || !page.hasMore()) {
                complete = keys.size() < limit || page.keys().isEmpty()
                        || page.keys().getLast().equals(keys.getLast());
                break;
            }
            after = page.lastKey().orElseThrow();
        }
        return new Lookahead(startAfter, Collections.unmodifiableList(keys), complete, now);
    }

    private boolean beyond(String key, BigInteger lastOffset) {
        return V2Keys.locate(prefix, key).map(location -> location.offset().compareTo(lastOffset) > 0).orElse(false);
    }

    /** Index of the first key sorting after {@code startAfter} in ascending {@code keys}. */
    private static int firstAfter(List<String> keys, String startAfter) {
        int low = 0;
        int high = keys.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (KeyOrder.compare(keys.get(middle), startAfter) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
