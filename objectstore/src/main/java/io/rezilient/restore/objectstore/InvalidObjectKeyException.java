package io.rezilient.restore.objectstore;

/** A key or prefix that breaks the key rules of {@link ObjectKeys} or of a particular store. */
public final class InvalidObjectKeyException extends PermanentObjectStoreException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidObjectKeyException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The rejected key or prefix, as given (may be null). */
    public String key() {
        return key;
    }
}
