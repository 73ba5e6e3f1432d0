package io.rezilient.restore.capture.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.capture.testing.TestKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MediaBlobCodecTest {
    private static final MediaBlobCodec.BlobIdentity ATTACHMENT =
            new MediaBlobCodec.BlobIdentity("tenant-acme", "acme-dev", "sn://acme", "att-1", "media-1");
    private final DataKey key = TestKeys.key("tenant-acme:k1", 1);
    private final AesGcm gcm = new AesGcm(new RandomIvSource());

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1023, 1024, 1025, 5000})
    void blobsOfAnySizeRoundTrip(int size) {
        byte[] plain = new byte[size];
        new java.util.Random(size).nextBytes(plain);

        MediaBlobCodec.SealedBlob sealed = MediaBlobCodec.seal(gcm, key, ATTACHMENT, plain, 1024);

        assertThat(sealed.chunkCount()).isEqualTo(Math.max(1, (size + 1023) / 1024));
        assertThat(MediaBlobCodec.open(gcm, key, ATTACHMENT, sealed.bytes(), sealed.chunkCount(), "blob"))
                .isEqualTo(plain);
    }

    @Test
    void reorderedTruncatedExtendedOrForeignBlobsAreRejected() {
        byte[] plain = new byte[3000];
        Arrays.fill(plain, (byte) 'x');
        MediaBlobCodec.SealedBlob sealed = MediaBlobCodec.seal(gcm, key, ATTACHMENT, plain, 1024);
        byte[] blob = sealed.bytes();
        int firstRecord = 4 + ByteBuffer.wrap(blob).getInt();
        byte[] swapped = new byte[blob.length];
        int secondLength = ByteBuffer.wrap(blob, firstRecord, 4).getInt();
        System.arraycopy(blob, firstRecord, swapped, 0, 4 + secondLength);
        System.arraycopy(blob, 0, swapped, 4 + secondLength, firstRecord);
        System.arraycopy(blob, firstRecord + 4 + secondLength, swapped, firstRecord + 4 + secondLength,
                blob.length - firstRecord - 4 - secondLength);

        assertThatThrownBy(() -> MediaBlobCodec.open(gcm, key, ATTACHMENT, swapped, 3, "blob"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("blob chunk 0 failed authentication");
        assertThatThrownBy(() -> MediaBlobCodec.open(gcm, key, ATTACHMENT, Arrays.copyOf(blob, blob.length - 1), 3, "blob"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("chunk 2 claims");
        assertThatThrownBy(() -> MediaBlobCodec.open(gcm, key, ATTACHMENT, blob, 2, "blob"))
                .isInstanceOf(DecryptionException.class);
        byte[] longer = Arrays.copyOf(blob, blob.length + 3);
        assertThatThrownBy(() -> MediaBlobCodec.open(gcm, key, ATTACHMENT, longer, 3, "blob"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("3 bytes follow the last of 3 chunks");
        var other = new MediaBlobCodec.BlobIdentity("tenant-acme", "acme-dev", "sn://acme", "att-2", "media-1");
        assertThatThrownBy(() -> MediaBlobCodec.open(gcm, key, other, blob, 3, "blob"))
                .isInstanceOf(DecryptionException.class);
    }
}
