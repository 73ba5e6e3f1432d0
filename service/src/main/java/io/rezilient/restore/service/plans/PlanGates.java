package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.service.index.AuthoritativeWatermark;
import io.rezilient.restore.service.index.PartitionRef;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Feeds a plan's parts to the {@link DryRunGate} (service-spec §4.8): counts what is unresolved, names partitions. */
final class PlanGates {
    private PlanGates() {
    }

    static Gate evaluate(Collection<PartitionRef> rowPartitions, List<WatermarkHint> hints, JsonNode deleteCandidates,
                         JsonNode mediaCandidates, JsonNode conflicts, List<AuthoritativeWatermark> watermarks) {
        Set<PartitionRef> requested = new TreeSet<>(rowPartitions);
        for (WatermarkHint hint : hints) {
            if (!hint.topic().isEmpty() && hint.partition().isPresent()) {
                requested.add(new PartitionRef(hint.topic(), hint.partition().getAsInt()));
            }
        }
        return DryRunGate.evaluate(GateInput.of(requested, DeleteCandidates.unresolved(deleteCandidates),
                MediaCandidates.unresolved(mediaCandidates), unresolvedReferenceConflicts(conflicts), watermarks));
    }

    /** Reference conflicts without a resolution hard-block execution. */
    private static int unresolvedReferenceConflicts(JsonNode conflicts) {
        int count = 0;
        for (JsonNode conflict : conflicts) {
            if (ConflictClass.REFERENCE_CONFLICT.wire().equals(conflict.path("class").asText())
                    && !conflict.hasNonNull("resolution")) {
                count++;
            }
        }
        return count;
    }
}
