package io.rezilient.restore.indexer.lease;

/** The writer no longer holds the lease it claims (expired, released or taken over): nothing was written. */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }

    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }

    static LeaseLostException of(LeaseGrant grant) {
        return new LeaseLostException("leader lease of ingest scope " + grant.ingestScopeId() + " is no longer held by "
                + grant.holderId() + " at fencing epoch " + grant.fencingEpoch() + "; the write was refused");
    }
}
