package io.rezilient.restore.service.auth;

/**
 * The capability grants could not be read or written (the database is unreachable or failed): a transient
 * condition the HTTP layer answers with 503, so a caller is neither let in nor told it lacks a capability it may
 * well hold. An {@link IllegalStateException} so the command line reports it as one operator-readable line.
 */
public final class CapabilityGrantsUnavailableException extends IllegalStateException {
    public CapabilityGrantsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
