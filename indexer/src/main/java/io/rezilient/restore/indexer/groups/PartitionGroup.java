package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.indexer.lease.IngestScope;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One of {@code count} partition groups of an ingest scope ({@code index} from 0). Which group a layout-v2 partition
 * belongs to depends only on its shard key and the count, so every process agrees without talking to the others, and
 * the consecutive partitions of one topic go round-robin over the groups (a topic's 8 partitions over 4 groups give
 * each group 2), where a plain hash of the whole key could give one group 3 and another 1.
 */
public record PartitionGroup(int index, int count) {
    /** Separates an ingest scope id from the group part of its group scopes' ids. */
    public static final String SCOPE_SEPARATOR = "#group-";
    /** The most groups a scope may be split into: each is a lease, a cursor and a worker thread. */
    public static final int MAX_GROUPS = 256;

    private static final String PARTITION = "/partition=";

    public PartitionGroup {
        if (count < 1 || count > MAX_GROUPS || index < 0 || index >= count) {
            throw new IllegalArgumentException("partition group " + index + " of " + count + " is out of range (1.."
                    + MAX_GROUPS + " groups, index from 0)");
        }
    }

    /** Whether the partition of shard key {@code tenant=…/instance=…/topic=…/partition=…} belongs to this group. */
    public boolean owns(String shardKey) {
        return groupOf(shardKey, count) == index;
    }

    /** The group (from 0) of a shard key among {@code count} groups. */
    static int groupOf(String shardKey, int count) {
        int at = shardKey.lastIndexOf(PARTITION);
        if (at >= 0) {
            try {
                int partition = Integer.parseInt(shardKey.substring(at + PARTITION.length()));
                if (partition >= 0) {
                    return (int) Math.floorMod(crc(shardKey.substring(0, at)) + partition, (long) count);
                }
            } catch (NumberFormatException notANumber) {
                // fall through: hash the whole key
            }
        }
        return (int) Math.floorMod(crc(shardKey), (long) count);
    }

    /** The ingest scope this group is indexed under: its own lease, cursor and quarantine, same source URI. */
    public IngestScope scopeOf(IngestScope base) {
        return new IngestScope(scopeIdOf(base.id()), base.sourceUri());
    }

    /** {@code <scope>#group-<index + 1>-of-<count>}. */
    public String scopeIdOf(String baseScopeId) {
        return familyPrefix(baseScopeId) + (index + 1) + "-of-" + count;
    }

    /** What the ids of every group scope of {@code baseScopeId} start with (for any group count). */
    public static String familyPrefix(String baseScopeId) {
        return baseScopeId + SCOPE_SEPARATOR;
    }

    @Override
    public String toString() {
        return (index + 1) + "/" + count;
    }

    private static long crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
