package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.FreshnessUnknownDetail;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.time.LenientDates;
import io.rezilient.restore.service.index.PartitionRef;

import java.util.Optional;

/**
 * Decides whether a dry-run plan may execute (service-spec §4.8). Decisions a human still owes (deletes, reference
 * conflicts, media) outrank freshness, because re-measuring freshness cannot make them go away; unknown freshness
 * outranks staleness because an unindexed partition may hide events the plan should contain, whereas a stale one
 * only lags.
 */
public final class DryRunGate {
    private DryRunGate() {
    }

    public static Gate evaluate(GateInput input) {
        int unknown = 0;
        int stale = 0;
        for (WatermarkView watermark : input.watermarks()) {
            if (watermark.unknown()) {
                unknown++;
            } else if (watermark.stale()) {
                stale++;
            }
        }
        if (input.watermarks().isEmpty()) {
            // no watermark at all: nothing proves any partition is indexed
            unknown = 1;
        }
        ReasonCode reason;
        if (input.unresolvedDeleteCandidates() > 0) {
            reason = ReasonCode.BLOCKED_UNRESOLVED_DELETE_CANDIDATES;
        } else if (input.unresolvedReferenceConflicts() > 0) {
            reason = ReasonCode.BLOCKED_REFERENCE_CONFLICT;
        } else if (input.unresolvedMediaCandidates() > 0) {
            reason = ReasonCode.BLOCKED_UNRESOLVED_MEDIA_CANDIDATES;
        } else if (unknown > 0) {
            reason = ReasonCode.BLOCKED_FRESHNESS_UNKNOWN;
        } else if (stale > 0) {
            reason = ReasonCode.BLOCKED_FRESHNESS_STALE;
        } else {
            reason = ReasonCode.NONE;
        }
        Executability executability = switch (reason) {
            case NONE -> Executability.EXECUTABLE;
            case BLOCKED_FRESHNESS_STALE -> Executability.PREVIEW_ONLY;
            default -> Executability.BLOCKED;
        };
        Optional<FreshnessUnknownDetail> detail = reason == ReasonCode.BLOCKED_FRESHNESS_UNKNOWN
                ? Optional.of(unknownDetail(input)) : Optional.empty();
        return new Gate(executability, reason, detail, input.unresolvedDeleteCandidates(),
                input.unresolvedMediaCandidates(), input.unresolvedReferenceConflicts(), stale, unknown);
    }

    /**
     * Why freshness is unknown: unreadable timestamps first (the index itself is suspect), then a requested
     * partition the index has not covered, else no coverage at all.
     */
    private static FreshnessUnknownDetail unknownDetail(GateInput input) {
        if (input.watermarks().isEmpty()) {
            return FreshnessUnknownDetail.NO_INDEXED_COVERAGE;
        }
        boolean invalidTime = input.watermarks().stream().filter(WatermarkView::unknown)
                .anyMatch(w -> unparsable(w.indexedThroughTime()) || unparsable(w.measuredAt()));
        if (invalidTime) {
            return FreshnessUnknownDetail.INVALID_AUTHORITATIVE_TIMESTAMP;
        }
        boolean requested = input.watermarks().stream().filter(WatermarkView::unknown)
                .anyMatch(w -> isRequested(input, w));
        return requested ? FreshnessUnknownDetail.PARTITION_NOT_INDEXED : FreshnessUnknownDetail.NO_INDEXED_COVERAGE;
    }

    private static boolean isRequested(GateInput input, WatermarkView watermark) {
        String topic = watermark.topic().trim();
        return input.requestedPartitions().stream()
                .anyMatch(p -> p.topic().equals(topic) && p.partition() == watermark.partition());
    }

    /** Unparsable as the reference's {@code Date.parse} reads it (which accepts more than strict ISO). */
    private static boolean unparsable(String time) {
        return LenientDates.parse(time).isEmpty();
    }

    /** A requested partition from row metadata or a hint, or empty when it does not name a usable partition. */
    public static Optional<PartitionRef> requestedPartition(String topic, Long partition) {
        if (topic == null || topic.isBlank() || partition == null || partition < 0 || partition > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new PartitionRef(topic, partition.intValue()));
    }
}
