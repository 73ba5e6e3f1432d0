package io.rezilient.restore.indexer.source;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Everything the indexer knows about layout v2 keys, in one place so it can follow the capture module's layout
 * (docs/object-layout.md §1.3):
 * {@code <prefix>/rec.object-key-layout.v2/tenant=<t>/instance=<i>/topic=<topic>/partition=<p>/offset=<20 digits>.event=<token>.<suffix>}.
 * Within a partition directory UTF-8 key order is offset order, so a partition resumes with
 * {@code startAfter = <dir>offset=<zero-padded next_offset>}.
 *
 * <p>Shard keys of {@code v2.by_shard} are the partition directory relative to the layout root
 * ({@code tenant=…/instance=…/topic=…/partition=…}) rather than the reference's {@code <topic>|<partition>}: one prefix
 * may hold several tenants and instances with the same topic and partition, and each needs its own position.
 */
public final class V2Keys {
    static final String LAYOUT_SEGMENT = "rec.object-key-layout.v2";
    private static final String PARTITION = "/partition=";
    private static final String OFFSET = "offset=";
    static final int OFFSET_DIGITS = 20;

    private V2Keys() {
    }

    /** A key's place in layout v2. */
    public record Location(String directory, String shardKey, BigInteger offset) {
    }

    /** The layout root under {@code prefix}, ending in {@code /}. */
    public static String root(String prefix) {
        return prefix + "/" + LAYOUT_SEGMENT + "/";
    }

    /** Where {@code key} sits in layout v2 under {@code prefix}; empty for any other key. */
    public static Optional<Location> locate(String prefix, String key) {
        String root = root(prefix);
        if (!key.startsWith(root)) {
            return Optional.empty();
        }
        int partition = key.indexOf(PARTITION, root.length() - 1);
        if (partition < 0) {
            return Optional.empty();
        }
        int slash = key.indexOf('/', partition + PARTITION.length());
        if (slash < 0 || !key.startsWith(OFFSET, slash + 1)) {
            return Optional.empty();
        }
        int digitsStart = slash + 1 + OFFSET.length();
        int digitsEnd = digitsStart;
        while (digitsEnd < key.length() && Character.isDigit(key.charAt(digitsEnd)) && key.charAt(digitsEnd) < 128) {
            digitsEnd++;
        }
        if (digitsEnd == digitsStart) {
            return Optional.empty();
        }
        String directory = key.substring(0, slash + 1);
        return Optional.of(new Location(directory, directory.substring(root.length(), slash),
                new BigInteger(key.substring(digitsStart, digitsEnd))));
    }

    /** The directory of a shard key under {@code prefix}. */
    public static String directory(String prefix, String shardKey) {
        return root(prefix) + shardKey + "/";
    }

    /** The {@code startAfter} that lists a partition directory from {@code nextOffset} on. */
    public static String startAfter(String directory, String nextOffset) {
        String digits = new BigInteger(nextOffset).toString();
        return directory + OFFSET + "0".repeat(Math.max(0, OFFSET_DIGITS - digits.length())) + digits;
    }

    /**
     * A {@code startAfter} beyond every key of {@code directory} but before any later directory: the closing
     * {@code /} becomes {@code 0}, the next character in UTF-8 order. ({@code partition=1/…} keys all sort below
     * {@code partition=10}, and {@code partition=10/…} keys above it.)
     */
    public static String pastDirectory(String directory) {
        return directory.substring(0, directory.length() - 1) + "0";
    }
}
