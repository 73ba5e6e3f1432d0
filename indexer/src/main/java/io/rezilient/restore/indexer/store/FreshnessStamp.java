package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Objects;

/** The freshness columns of a watermark row; the schema requires fresh ⇔ executable. */
public record FreshnessStamp(Freshness freshness, Executability executability, ReasonCode reasonCode) {
    public FreshnessStamp {
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(executability, "executability");
        Objects.requireNonNull(reasonCode, "reasonCode");
        if ((freshness == Freshness.FRESH) != (executability == Executability.EXECUTABLE)) {
            throw new IllegalArgumentException("freshness " + freshness.wire() + " contradicts executability "
                    + executability.wire());
        }
    }
}
