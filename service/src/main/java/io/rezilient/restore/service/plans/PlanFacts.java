package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.ReconciliationState;

import java.util.List;
import java.util.Objects;

/**
 * What job creation needs to know about a plan (service-spec §3.4): whether it is finalised, its hash, the tables
 * of its scope and its gate. Read without the plan's candidates and watermarks, which can be megabytes for a large
 * plan and would otherwise be parsed for every job.
 */
public record PlanFacts(ReconciliationState state, String planHash, List<String> scopeTables, String executability,
                        String gateReasonCode) {
    public PlanFacts {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(planHash, "planHash");
        scopeTables = List.copyOf(scopeTables);
        Objects.requireNonNull(executability, "executability");
        Objects.requireNonNull(gateReasonCode, "gateReasonCode");
    }
}
