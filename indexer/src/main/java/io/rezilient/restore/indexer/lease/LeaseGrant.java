package io.rezilient.restore.indexer.lease;

import java.time.Instant;
import java.util.Objects;

/**
 * Proof of leadership handed to every write: the holder, and the fencing epoch under which it holds the lease of
 * {@code ingestScopeId}. A write succeeds only while the lease row still shows this holder and this epoch.
 *
 * @param expiresAt when the lease ends by the database clock, unless renewed
 */
public record LeaseGrant(String ingestScopeId, String holderId, long fencingEpoch, Instant expiresAt) {
    public LeaseGrant {
        Objects.requireNonNull(ingestScopeId, "ingestScopeId");
        Objects.requireNonNull(holderId, "holderId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (fencingEpoch < 1) {
            throw new IllegalArgumentException("fencing epoch must be >= 1, got " + fencingEpoch);
        }
    }
}
