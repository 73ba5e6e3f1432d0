package io.rezilient.restore.capture.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The encrypted attachment blob: the bytes split into chunks of {@code chunkSize}, each sealed on its own with
 * {@link Aad#mediaChunk} (so chunks cannot be reordered, dropped or spliced from another attachment), and
 * written as a sequence of {@code length (4-byte big-endian) || iv || ciphertext || tag} records: the
 * {@code chunked} / {@code length_prefixed} format the media descriptor names. An empty attachment is one
 * empty chunk, so even it carries a tag.
 */
public final class MediaBlobCodec {
    public static final String FORMAT = "chunked";
    public static final String CHUNKING_FORMAT = "length_prefixed";
    private static final int LENGTH_BYTES = 4;

    private MediaBlobCodec() {
    }

    /** What the media descriptor says about a sealed blob. */
    public record SealedBlob(byte[] bytes, int chunkSize, int chunkCount) {
    }

    /** Identity of the attachment a blob belongs to (bound into each chunk's AAD). */
    public record BlobIdentity(String tenantId, String instanceId, String source, String attachmentSysId,
                               String mediaId) {
        Aad chunk(int index, int count) {
            return Aad.mediaChunk(tenantId, instanceId, source, attachmentSysId, mediaId, index, count);
        }
    }

    /** Number of chunks {@code size} bytes take (at least one). */
    public static int chunkCount(long size, int chunkSize) {
        requirePositive(chunkSize);
        return (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
    }

    public static SealedBlob seal(AesGcm gcm, DataKey key, BlobIdentity identity, byte[] plain, int chunkSize) {
        int count = chunkCount(plain.length, chunkSize);
        ByteBuffer out = ByteBuffer.allocate(plain.length
                + count * (LENGTH_BYTES + AesGcm.MIN_FRAMED_BYTES));
        for (int i = 0; i < count; i++) {
            int from = i * chunkSize;
            int to = Math.min(plain.length, from + chunkSize);
            byte[] framed = gcm.sealFramed(key, identity.chunk(i, count).encode(key.kid()),
                    Arrays.copyOfRange(plain, from, to));
            out.putInt(framed.length).put(framed);
        }
        return new SealedBlob(out.array(), chunkSize, count);
    }

    /**
     * Opens a blob; every structural problem (a truncated length or chunk, trailing bytes, a chunk count other
     * than {@code expectedChunks}) and every failed tag is a {@link DecryptionException} naming the chunk.
     */
    public static byte[] open(AesGcm gcm, DataKey key, BlobIdentity identity, byte[] blob, int expectedChunks,
                              String what) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        ByteBuffer plain = ByteBuffer.allocate(blob.length);
        for (int i = 0; i < expectedChunks; i++) {
            if (in.remaining() < LENGTH_BYTES) {
                throw new DecryptionException(what + ": blob ends before chunk " + i + " of " + expectedChunks);
            }
            int length = in.getInt();
            if (length < AesGcm.MIN_FRAMED_BYTES || length > in.remaining()) {
                throw new DecryptionException(what + ": chunk " + i + " claims " + length + " bytes but "
                        + in.remaining() + " remain");
            }
            byte[] framed = new byte[length];
            in.get(framed);
            plain.put(gcm.openFramed(key, identity.chunk(i, expectedChunks).encode(key.kid()), framed,
                    what + " chunk " + i));
        }
        if (in.hasRemaining()) {
            throw new DecryptionException(what + ": " + in.remaining() + " bytes follow the last of "
                    + expectedChunks + " chunks");
        }
        return Arrays.copyOf(plain.array(), plain.position());
    }

    private static void requirePositive(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1 byte, got " + chunkSize);
        }
    }
}
