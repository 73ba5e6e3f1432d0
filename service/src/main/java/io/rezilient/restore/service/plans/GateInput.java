package io.rezilient.restore.service.plans;

import io.rezilient.restore.service.index.AuthoritativeWatermark;
import io.rezilient.restore.service.index.PartitionRef;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the dry-run gate decides on (service-spec §4.8), reduced to sets and counts: a plan may hold 100,000
 * rows, and the gate needs only which partitions they came from.
 *
 * @param requestedPartitions        the rows' metadata partitions plus the request's hints that name a partition
 * @param unresolvedDeleteCandidates delete candidates without a decision
 * @param unresolvedMediaCandidates  media candidates without a decision
 * @param unresolvedReferenceConflicts conflicts of class {@code reference_conflict} without a resolution
 * @param watermarks                 the authoritative watermarks read for the plan
 */
public record GateInput(Set<PartitionRef> requestedPartitions, int unresolvedDeleteCandidates,
                        int unresolvedMediaCandidates, int unresolvedReferenceConflicts,
                        List<WatermarkView> watermarks) {
    public GateInput {
        requestedPartitions = Set.copyOf(requestedPartitions);
        watermarks = List.copyOf(watermarks);
        if (unresolvedDeleteCandidates < 0 || unresolvedMediaCandidates < 0 || unresolvedReferenceConflicts < 0) {
            throw new IllegalArgumentException("unresolved counts must be >= 0");
        }
    }

    /** The service's form: watermarks as read from the index. */
    public static GateInput of(Set<PartitionRef> requestedPartitions, int unresolvedDeleteCandidates,
                               int unresolvedMediaCandidates, int unresolvedReferenceConflicts,
                               List<AuthoritativeWatermark> watermarks) {
        Objects.requireNonNull(watermarks, "watermarks");
        return new GateInput(requestedPartitions, unresolvedDeleteCandidates, unresolvedMediaCandidates,
                unresolvedReferenceConflicts, watermarks.stream().map(WatermarkView::of).toList());
    }
}
