package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.index.AuthoritativeWatermark;

import java.util.Objects;

/**
 * What the dry-run gate reads of one authoritative watermark. The two times stay text so a watermark whose
 * timestamps cannot be parsed is still counted, and reported as {@code invalid_authoritative_timestamp}, instead
 * of being lost on the way in.
 *
 * @param topic              as stored; the gate trims it when matching requested partitions
 * @param indexedThroughTime the watermark's time, or null when absent
 * @param measuredAt         when freshness was measured, or null when absent
 */
public record WatermarkView(String topic, long partition, Freshness freshness, Executability executability,
                            ReasonCode reasonCode, String indexedThroughTime, String measuredAt) {
    public WatermarkView {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(executability, "executability");
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /** The service's own watermark, with its verdict as measured at dry-run time. */
    public static WatermarkView of(AuthoritativeWatermark watermark) {
        return new WatermarkView(watermark.partition().topic(), watermark.partition().partition(),
                watermark.verdict().freshness(), watermark.verdict().executability(),
                watermark.verdict().reasonCode(), IsoUtc.format(watermark.indexedThroughTime()),
                IsoUtc.format(watermark.measuredAt()));
    }

    /** Unknown freshness, by label or by reason code. */
    boolean unknown() {
        return freshness == Freshness.UNKNOWN || reasonCode == ReasonCode.BLOCKED_FRESHNESS_UNKNOWN;
    }

    /** Stale: not unknown, and stale by label, by executability or by reason code. */
    boolean stale() {
        return !unknown() && (freshness == Freshness.STALE || executability != Executability.EXECUTABLE
                || reasonCode == ReasonCode.BLOCKED_FRESHNESS_STALE);
    }
}
