package io.rezilient.restore.contracts.ids;


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
        // called per row of an execution: padding by hand, not String.format, which parses its pattern every time
        String digits = Long.toString(index + 1L);
        return digits.length() >= 4 ? digits : "0".repeat(4 - digits.length()) + digits;
    }
}
