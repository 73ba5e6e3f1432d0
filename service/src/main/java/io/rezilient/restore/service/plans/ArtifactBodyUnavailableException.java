package io.rezilient.restore.service.plans;

/**
 * An artifact body could not be read: the object store failed, or the object is not JSON. The dry-run answers 503,
 * because a failed read says nothing about the plan, and a malformed object is treated the same way (the
 * reference lets the JSON error propagate to the same outcome) rather than as a missing body that would let a
 * plan be built without that record.
 */
public final class ArtifactBodyUnavailableException extends RuntimeException {
    public ArtifactBodyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
