package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.FreshnessUnknownDetail;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Objects;
import java.util.Optional;

/**
 * A plan's executability gate ({@code RestoreDryRunGate}, service-spec §4.8).
 *
 * @param freshnessUnknownDetail present exactly when the reason is {@code blocked_freshness_unknown}
 */
public record Gate(Executability executability, ReasonCode reasonCode,
                   Optional<FreshnessUnknownDetail> freshnessUnknownDetail, int unresolvedDeleteCandidates,
                   int unresolvedMediaCandidates, int unresolvedHardBlockConflicts, int stalePartitionCount,
                   int unknownPartitionCount) {
    public Gate {
        Objects.requireNonNull(executability, "executability");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(freshnessUnknownDetail, "freshnessUnknownDetail");
        if (freshnessUnknownDetail.isPresent() != (reasonCode == ReasonCode.BLOCKED_FRESHNESS_UNKNOWN)) {
            throw new IllegalArgumentException("freshness_unknown_detail goes with blocked_freshness_unknown only");
        }
    }

    public boolean executable() {
        return executability == Executability.EXECUTABLE;
    }

    /** The gate as JSON, fields in the reference's order. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("executability", executability.wire());
        json.put("reason_code", reasonCode.wire());
        freshnessUnknownDetail.ifPresent(detail -> json.put("freshness_unknown_detail", detail.wire()));
        json.put("unresolved_delete_candidates", unresolvedDeleteCandidates);
        json.put("unresolved_media_candidates", unresolvedMediaCandidates);
        json.put("unresolved_hard_block_conflicts", unresolvedHardBlockConflicts);
        json.put("stale_partition_count", stalePartitionCount);
        json.put("unknown_partition_count", unknownPartitionCount);
        return json;
    }
}
