package io.rezilient.restore.objectstore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * An open object: its body as a stream plus what the store knows about it. The caller must close it,
 * which releases the file handle or HTTP connection behind the stream.
 *
 * @param key         the object's key
 * @param body        the object's bytes; reading it may fail with an {@link IOException}
 * @param length      the object's size in bytes, or -1 if the store did not say
 * @param contentType the content type stored with the object, empty if the store does not keep one
 */
public record ObjectStream(String key, InputStream body, long length, Optional<String> contentType)
        implements Closeable {

    public ObjectStream {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
    }

    /** Reads the rest of the body; an I/O failure becomes a {@link TransientObjectStoreException} naming the key. */
    public byte[] readAllBytes() {
        try {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new TransientObjectStoreException("reading object " + ObjectKeys.quote(key) + " failed: " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
