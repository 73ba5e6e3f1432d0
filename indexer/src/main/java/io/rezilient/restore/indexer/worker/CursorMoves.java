package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a batch did to the source cursor, in a size that does not grow with the number of shards the cursor tracks:
 * a digest of each whole cursor and the shards whose progress moved (at most {@value #MAX_LISTED} of them listed).
 *
 * @param moved   how many shards were added or moved
 * @param listed  the first {@value #MAX_LISTED} of them in shard order, each {@code "<shard> <before>-><after>"} by
 *                {@code next_offset} ({@code new} for a shard the cursor did not track before)
 */
record CursorMoves(int moved, List<String> listed) {
    /** Enough to show which partitions a batch moved; a batch over many partitions is summed up by {@link #moved}. */
    static final int MAX_LISTED = 16;
    private static final String NOT_TRACKED = "new";

    CursorMoves {
        listed = List.copyOf(listed);
    }

    static CursorMoves between(SourceCursorState before, SourceCursorState after) {
        int moved = 0;
        List<String> listed = new ArrayList<>();
        for (Map.Entry<String, ShardProgress> shard : after.byShard().entrySet()) {
            ShardProgress was = before.byShard().get(shard.getKey());
            if (Objects.equals(was, shard.getValue())) {
                continue;
            }
            moved++;
            if (listed.size() < MAX_LISTED) {
                listed.add(shard.getKey() + " " + (was == null ? NOT_TRACKED : was.nextOffset()) + "->"
                        + shard.getValue().nextOffset());
            }
        }
        return new CursorMoves(moved, listed);
    }

    /**
     * {@code sha256:<hex>} of the cursor as persisted, so a log line can be matched to
     * {@code rez_restore_index.source_progress.cursor} without the line carrying the cursor itself.
     */
    static String digest(String persistedCursor) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(persistedCursor.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }
}
