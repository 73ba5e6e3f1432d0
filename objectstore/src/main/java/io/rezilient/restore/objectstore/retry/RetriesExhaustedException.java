package io.rezilient.restore.objectstore.retry;

import io.rezilient.restore.objectstore.TransientObjectStoreException;

/**
 * Every attempt an operation was allowed ended in a transient failure. Still transient: the outage
 * may end later, so a caller with its own schedule (the indexer's poll loop) may try again.
 */
public final class RetriesExhaustedException extends TransientObjectStoreException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String target;
    private final int attempts;

    RetriesExhaustedException(String operation, String target, int attempts, String why, Throwable last) {
        super(operation + " " + target + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + why + ": " + last.getMessage(), last);
        this.operation = operation;
        this.target = target;
        this.attempts = attempts;
    }

    /** The operation that failed, such as {@code get}. */
    public String operation() {
        return operation;
    }

    /** What it failed on, such as {@code s3://bucket/key}. */
    public String target() {
        return target;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
