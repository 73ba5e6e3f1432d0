package io.rezilient.restore.service.plans.query;

/**
 * An encoded query the service cannot evaluate faithfully. Refusing is the safe answer: silently ignoring an
 * unsupported condition would restore more records than the operator asked for.
 */
public final class EncodedQueryException extends RuntimeException {
    public EncodedQueryException(String message) {
        super(message, null, false, false);
    }
}
