package io.rezilient.restore.contracts.ids;

import java.util.Locale;

/**
 * Ids of execution chunks: a prefix plus the 1-based chunk number, zero-padded to at least four digits
 * ({@code chunk_0001}); past 9999 the number simply grows ({@code chunk_10000}).
 */
public final class ChunkIds {
    public static final String ROW_CHUNK_PREFIX = "chunk_";
    public static final String MEDIA_CHUNK_PREFIX = "media_chunk_";

    private ChunkIds() {
    }

    /** Id of the row chunk at 0-based {@code index}. */
    public static String chunkId(int index) {
        return ROW_CHUNK_PREFIX + number(index);
    }

    /** Id of the media chunk at 0-based {@code index}. */
    public static String mediaChunkId(int index) {
        return MEDIA_CHUNK_PREFIX + number(index);
    }

    private static String number(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must be >= 0, was " + index);
        }
        return String.format(Locale.ROOT, "%04d", index + 1L);
    }
}
