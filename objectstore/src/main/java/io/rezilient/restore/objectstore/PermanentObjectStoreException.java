package io.rezilient.restore.objectstore;

/** A failure that repeating the same call will not fix: the request, configuration or data must change. */
public non-sealed class PermanentObjectStoreException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    public PermanentObjectStoreException(String message) {
        super(message, null);
    }

    public PermanentObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isTransient() {
        return false;
    }
}
