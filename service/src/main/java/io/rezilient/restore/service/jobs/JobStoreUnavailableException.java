package io.rezilient.restore.service.jobs;

/**
 * The job tables could not be reached or a transaction failed for a reason other than the request: the HTTP layer
 * answers 503 and the request can be retried (nothing was committed).
 */
public final class JobStoreUnavailableException extends RuntimeException {
    public JobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
