package io.rezilient.restore.indexer.backfill.overrides;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of {@code config_overrides}.
 *
 * @param previousValue   the value in effect when it was staged (an earlier override's), or null for the baseline
 * @param configVersion   the version its apply created
 * @param revertedVersion the version its end created, or null while active
 * @param endedAt         when it ended, or null while active
 */
public record ConfigOverride(long id, String scope, String key, String value, String previousValue,
                             long configVersion, Long revertedVersion, Instant validFrom, Instant validUntil,
                             String ownerRunId, String createdBy, String reason, OverrideStatus status,
                             Instant createdAt, Instant endedAt) {
    public Optional<String> owner() {
        return Optional.ofNullable(ownerRunId);
    }

    /** Whether its window contains {@code now} (the owning run's state is the store's to check). */
    public boolean inWindow(Instant now) {
        return !now.isBefore(validFrom) && (validUntil == null || now.isBefore(validUntil));
    }
}
