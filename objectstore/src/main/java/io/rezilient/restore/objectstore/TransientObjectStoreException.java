package io.rezilient.restore.objectstore;

/** A failure that may clear up by itself: throttling, a 5xx answer, a timeout or an I/O error. */
public non-sealed class TransientObjectStoreException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    public TransientObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isTransient() {
        return true;
    }
}
