package io.rezilient.restore.objectstore;

/**
 * A failed object-store operation. The two kinds tell a caller whether trying again later can help:
 * {@link TransientObjectStoreException} (throttling, 5xx, timeouts, I/O) or
 * {@link PermanentObjectStoreException} (bad key, access denied, missing bucket, limits exceeded).
 * A missing object is not a failure; reads return an empty {@code Optional} for it.
 */
public abstract sealed class ObjectStoreException extends RuntimeException
        permits TransientObjectStoreException, PermanentObjectStoreException {

    private static final long serialVersionUID = 1L;

    protected ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns true if the same call may succeed when tried again. */
    public abstract boolean isTransient();
}
