package io.rezilient.restore.service.index;

import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;
import io.rezilient.restore.contracts.restore.Freshness;

import java.time.Instant;

/**
 * Service-side freshness (service-spec §4.7), recomputed from {@code indexed_through_time} — the stored freshness
 * columns are ignored. Lag and the inclusive threshold come from the one {@link FreshnessGate} the indexer also
 * uses (indexer-spec §6, the {@code freshness} conformance vectors). Two service rules sit on top: the service never
 * waits, so a stale partition is {@code preview_only} at once (indexer-spec §6: "RRS's own reader differs"); and an
 * open quarantine in the partition makes it unknown, since an artifact that could not be indexed may hide events
 * the restore needs.
 */
public record FreshnessRule(double staleAfterSeconds) {
    public static final double DEFAULT_STALE_AFTER_SECONDS = FreshnessPolicy.DEFAULT_STALE_AFTER_SECONDS;

    public FreshnessRule {
        if (!Double.isFinite(staleAfterSeconds) || staleAfterSeconds < 0) {
            throw new IllegalArgumentException("staleAfterSeconds must be a finite number >= 0");
        }
    }

    /**
     * @param indexedThroughTime the watermark's time, or null when the partition has no watermark
     * @param openQuarantine     open quarantined artifacts blocking the partition
     */
    public FreshnessVerdict evaluate(Instant indexedThroughTime, int openQuarantine, Instant now) {
        // the wait timeout plays no part here: the service never waits (waitStartedAt is null)
        FreshnessDecision gate = new FreshnessGate(new FreshnessPolicy(staleAfterSeconds,
                FreshnessPolicy.DEFAULT_TIMEOUT_SECONDS)).evaluate(indexedThroughTime, now, null);
        if (gate.freshness() == Freshness.UNKNOWN || openQuarantine > 0) {
            return FreshnessVerdict.unknown(gate.lagSeconds());
        }
        return gate.freshness() == Freshness.FRESH ? FreshnessVerdict.fresh(gate.lagSeconds())
                : FreshnessVerdict.stale(gate.lagSeconds());
    }
}
