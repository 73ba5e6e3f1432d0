package io.rezilient.restore.agent.rollback;

/** The job's rollback journal could not be read; nothing was asked of the service. */
public final class RollbackException extends RuntimeException {
    public RollbackException(String message) {
        super(message);
    }
}
