package io.rezilient.restore.service.plans;

/**
 * The plan store could not be reached or failed: a transient condition the HTTP layer answers with 503 (the
 * request can be retried), as opposed to invalid data, which the store reports as {@link IllegalArgumentException}.
 */
public final class PlanStoreUnavailableException extends RuntimeException {
    public PlanStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
