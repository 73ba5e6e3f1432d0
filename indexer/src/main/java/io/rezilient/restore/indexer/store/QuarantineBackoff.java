package io.rezilient.restore.indexer.store;

import java.time.Duration;

/**
 * When a quarantined artifact is retried: after its n-th failed attempt, at {@code min(base * 2^(n-1), max)} from
 * the database's now; after {@code maxAttempts} failures, never again automatically (it stays open, and blocks
 * freshness, until an operator retries or resolves it). {@link QuarantineStore} evaluates this rule in SQL, on the
 * stored attempt count, so concurrent recorders cannot lose a count.
 */
public record QuarantineBackoff(Duration base, Duration max, int maxAttempts) {
    public QuarantineBackoff {
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("quarantine retry base delay must be positive, got " + base);
        }
        if (max == null || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("quarantine retry max delay " + max + " must be >= the base " + base);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("quarantine max attempts must be >= 1, got " + maxAttempts);
        }
    }
}
