package io.rezilient.restore.service.execute;

/**
 * A {@link PushApplier} could not write the target (unreachable, connection lost, deadlock): nothing of the claim
 * counts, and applying it again is safe. The execute or resume call answers {@code 503 execution_target_unavailable}.
 */
public final class PushTargetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PushTargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
