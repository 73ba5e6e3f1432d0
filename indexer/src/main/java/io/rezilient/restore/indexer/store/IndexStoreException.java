package io.rezilient.restore.indexer.store;

/** The index database refused or failed an operation; for a batch write, nothing of the batch was written. */
public class IndexStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IndexStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexStoreException(String message) {
        super(message);
    }
}
