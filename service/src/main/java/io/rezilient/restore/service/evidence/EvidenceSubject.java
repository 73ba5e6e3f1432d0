package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * The small facts an evidence report is computed from (service-spec §7), apart from the artifacts themselves.
 *
 * @param plan              the plan record's {@code plan} object (pit, scope, conflicts, execution options …)
 * @param planRowCount      how many rows {@code plan_hash_input.rows} has
 * @param deleteCandidates  the plan's {@code delete_candidates}
 * @param execution         the execution record; only its scalar fields, {@code checkpoint} and {@code summary} are read
 */
public record EvidenceSubject(String jobId, String planHash, JsonNode plan, long planRowCount,
                              JsonNode deleteCandidates, JsonNode execution) {
    public EvidenceSubject {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(deleteCandidates, "deleteCandidates");
        Objects.requireNonNull(execution, "execution");
    }

    /** The execution's {@code completed_at}, or null while it has none (the evidence id then uses ""). */
    public String completedAt() {
        JsonNode completedAt = execution.path("completed_at");
        return completedAt.isTextual() ? completedAt.textValue() : null;
    }
}
