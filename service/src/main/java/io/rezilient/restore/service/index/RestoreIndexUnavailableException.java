package io.rezilient.restore.service.index;

/** The restore index could not be read; the API maps it to 503 {@code restore_index_unavailable} (§4.7). */
public final class RestoreIndexUnavailableException extends RuntimeException {
    public RestoreIndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
