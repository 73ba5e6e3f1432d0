package io.rezilient.restore.agent.target;

/**
 * A chunk that could not be applied for a reason outside its rows: the connection was lost, the server shut down,
 * the transaction was chosen as a deadlock victim, the ledger could not be written, the tenant has no key to seal
 * with. The chunk is applied wholly or not at all (when the connection drops during the commit, the caller cannot
 * know which), so the caller retries the same claim: a claim that did commit answers with its stored result.
 */
public final class TargetWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
