package io.rezilient.restore.service.index;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Objects;

/**
 * The service's freshness verdict for one partition.
 *
 * @param lagSeconds whole seconds from the watermark to the measurement, never negative; null without a watermark
 */
public record FreshnessVerdict(Freshness freshness, Executability executability, ReasonCode reasonCode,
                               Long lagSeconds) {
    public FreshnessVerdict {
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(executability, "executability");
        Objects.requireNonNull(reasonCode, "reasonCode");
        if ((freshness == Freshness.FRESH) != (executability == Executability.EXECUTABLE)) {
            throw new IllegalArgumentException("a partition is executable exactly when it is fresh");
        }
    }

    static FreshnessVerdict fresh(long lag) {
        return new FreshnessVerdict(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, lag);
    }

    static FreshnessVerdict stale(long lag) {
        return new FreshnessVerdict(Freshness.STALE, Executability.PREVIEW_ONLY, ReasonCode.BLOCKED_FRESHNESS_STALE,
                lag);
    }

    static FreshnessVerdict unknown(Long lag) {
        return new FreshnessVerdict(Freshness.UNKNOWN, Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN,
                lag);
    }
}
