package io.rezilient.restore.agent.reconcile;

/** A plan could not be reconciled: the service refused to show or finalise it; the message says what it answered. */
public final class ReconcileException extends RuntimeException {
    public ReconcileException(String message) {
        super(message);
    }
}
