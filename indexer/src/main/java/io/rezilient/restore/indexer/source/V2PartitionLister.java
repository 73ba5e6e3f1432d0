package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.SortedMap;

/**
 * {@code v2_primary} listing: every partition directory of layout v2 is listed from its shard's {@code next_offset},
 * so a late key of one partition is never hidden behind another partition's keys (weak point 7). Directories are
 * discovered by skipping from one to the next (one single-key list call each), and known shards are always listed
 * even if discovery stops at its cap. The batch takes keys round-robin across partitions, each partition's share
 * being a prefix of its offset order, so one busy partition cannot starve the others.
 */
final class V2PartitionLister {
    /** Upper bound on list calls spent discovering directories per poll. */
    static final int MAX_DISCOVERY_STEPS = 10_000;
    /** Pages listed per partition directory per poll. */
    private static final int MAX_PAGES_PER_PARTITION = 10;

    record Result(List<String> keys, int listCalls) {
    }

    private V2PartitionLister() {
    }

    static Result list(ObjectStore store, String prefix, SortedMap<String, ShardProgress> shards, int limit) {
        int[] calls = {0};
        SequencedSet<String> directories = discover(store, prefix, calls);
        shards.keySet().forEach(shard -> directories.add(V2Keys.directory(prefix, shard)));
        Map<String, List<String>> perPartition = new LinkedHashMap<>();
        for (String directory : directories) {
            String shardKey = directory.substring(V2Keys.root(prefix).length(), directory.length() - 1);
            ShardProgress shard = shards.get(shardKey);
            String startAfter = shard == null ? null : V2Keys.startAfter(directory, shard.nextOffset());
            List<String> keys = partitionKeys(store, directory, startAfter, limit, calls);
            if (!keys.isEmpty()) {
                perPartition.put(directory, keys);
            }
        }
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
        return new Result(selected, calls[0]);
    }

    private static SequencedSet<String> discover(ObjectStore store, String prefix, int[] calls) {
        SequencedSet<String> directories = new LinkedHashSet<>();
        String root = V2Keys.root(prefix);
        String after = null;
        for (int step = 0; step < MAX_DISCOVERY_STEPS; step++) {
            ListPage page = store.list(root, after, 1);
            calls[0]++;
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

    private static List<String> partitionKeys(ObjectStore store, String directory, String startAfter, int limit,
                                              int[] calls) {
        List<String> keys = new ArrayList<>();
        String after = startAfter;
        for (int pages = 0; pages < MAX_PAGES_PER_PARTITION && keys.size() < limit; pages++) {
            ListPage page = store.list(directory, after, ManifestKeys.pageSize(limit));
            calls[0]++;
            for (String key : page.keys()) {
                if (key.endsWith(ManifestKeys.MANIFEST_SUFFIX) && keys.size() < limit) {
                    keys.add(key);
                }
            }
            if (page.keys().isEmpty() || !page.hasMore()) {
                break;
            }
            after = page.lastKey().orElseThrow();
        }
        return keys;
    }
}
