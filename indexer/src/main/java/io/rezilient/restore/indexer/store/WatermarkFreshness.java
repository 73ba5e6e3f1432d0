package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.freshness.FreshnessDecision;
import io.rezilient.restore.contracts.freshness.FreshnessGate;

import java.time.Instant;

/**
 * How the store fills a watermark's freshness columns when it writes the watermark. The value is a snapshot at the
 * write's database time; the freshness gate re-evaluates at read time (quarantine and waits included), so this is
 * the place to plug the gate in rather than a second rule.
 */
@FunctionalInterface
public interface WatermarkFreshness {
    /** The stamp for a watermark indexed through {@code indexedThroughTime}, measured at {@code measuredAt}. */
    FreshnessStamp assess(Instant indexedThroughTime, Instant measuredAt);

    /** The shared freshness gate (no wait in progress) decides the stamp, so there is one rule, not two. */
    static WatermarkFreshness from(FreshnessGate gate) {
        return (indexedThroughTime, measuredAt) -> {
            FreshnessDecision decision = gate.evaluate(indexedThroughTime, measuredAt, null);
            return new FreshnessStamp(decision.freshness(), decision.executability(), decision.reasonCode());
        };
    }
}
