package io.rezilient.restore.contracts.freshness;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Objects;

/**
 * What the freshness gate decided for one partition. Only {@code fresh} is {@code executable}; everything else
 * blocks, except a stale partition whose wait timed out, which allows a preview.
 *
 * @param freshness     fresh, stale, or unknown (no watermark)
 * @param executability executable, preview_only or blocked
 * @param reasonCode    {@code none}, {@code blocked_freshness_stale} or {@code blocked_freshness_unknown}
 * @param gateTimedOut  true when a stale partition was waited on for at least the policy's timeout
 * @param lagSeconds    whole seconds from the watermark to now, never negative; {@code null} without a watermark
 */
public record FreshnessDecision(Freshness freshness, Executability executability, ReasonCode reasonCode,
                                boolean gateTimedOut, Long lagSeconds) {
    public FreshnessDecision {
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(executability, "executability");
        Objects.requireNonNull(reasonCode, "reasonCode");
        if ((freshness == Freshness.FRESH) != (executability == Executability.EXECUTABLE)) {
            throw new IllegalArgumentException("a partition is executable exactly when it is fresh, got "
                    + freshness.wire() + "/" + executability.wire());
        }
    }

    /** No watermark: nothing is known about the partition, so restores touching it fail closed. */
    static FreshnessDecision unknown() {
        return new FreshnessDecision(Freshness.UNKNOWN, Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN,
                false, null);
    }

    static FreshnessDecision fresh(long lagSeconds) {
        return new FreshnessDecision(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, false, lagSeconds);
    }

    static FreshnessDecision stale(long lagSeconds, boolean timedOut) {
        return new FreshnessDecision(Freshness.STALE, timedOut ? Executability.PREVIEW_ONLY : Executability.BLOCKED,
                ReasonCode.BLOCKED_FRESHNESS_STALE, timedOut, lagSeconds);
    }
}
