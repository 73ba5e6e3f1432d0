package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.service.jobs.Job;
import io.rezilient.restore.service.plans.PlanHeader;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.plans.PlanStoreUnavailableException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's plan after the plan validation that execute, resume, claim and commit share (service-spec §6.2 step 5):
 * finalised, of the job's hash, executable, every delete and media candidate decided, and no blocking plan conflict.
 * Also the two checksums resume compares (§6.6).
 */
record ExecutablePlan(PlanKey key, PlanHeader header) {
    ExecutablePlan {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(header, "header");
    }

    /**
     * @throws io.rezilient.restore.service.http.ApiError the first failed check, in the reference's order
     */
    static ExecutablePlan validate(PlanStore plans, Job job) {
        PlanKey key = new PlanKey(job.tenantId(), job.instanceId(), job.source(), job.planId());
        Optional<PlanHeader> found;
        try {
            found = plans.findHeader(key);
        } catch (PlanStoreUnavailableException failed) {
            throw ExecutionErrors.storeUnavailable(failed);
        }
        PlanHeader header = found.filter(plan -> plan.state() == ReconciliationState.FINALIZED)
                .orElseThrow(ExecutionErrors::planMissing);
        if (!header.planHash().equals(job.planHash())) {
            throw ExecutionErrors.planHashMismatch();
        }
        String executability = header.gate().path("executability").asText();
        if (!Executability.EXECUTABLE.wire().equals(executability)) {
            String reason = header.gate().path("reason_code").asText("");
            throw ExecutionErrors.planNotExecutable(reason.isEmpty() ? ReasonCode.BLOCKED_FRESHNESS_UNKNOWN.wire()
                    : reason);
        }
        int undecidedDeletes = undecided(header.deleteCandidates());
        if (undecidedDeletes > 0) {
            throw ExecutionErrors.deleteCandidatesUnresolved(undecidedDeletes);
        }
        int undecidedMedia = undecided(header.mediaCandidates());
        if (undecidedMedia > 0) {
            throw ExecutionErrors.mediaCandidatesUnresolved(undecidedMedia);
        }
        ConflictMatrix.firstBlocking(header.plan().path("conflicts")).ifPresent(block -> {
            throw ExecutionErrors.planConflictBlocked(block.reasonCode(), block.message());
        });
        return new ExecutablePlan(key, header);
    }

    String planHash() {
        return header.planHash();
    }

    /** {@code sha256(canonical(plan_hash_input))}, which is the plan hash itself (§6.6). */
    String planChecksum() {
        return header.planHash();
    }

    /**
     * {@code sha256(canonical({gate, delete_candidates by candidate_id, conflicts by conflict_id, watermarks by topic
     * then partition}))} (§6.6): what the plan's executability rested on when the execution was armed.
     */
    String preconditionChecksum() {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.set("gate", header.gate());
        input.set("delete_candidates", sorted(header.deleteCandidates(),
                Comparator.comparing(node -> node.path("candidate_id").asText(), JsCollation.LOCALE_COMPARE)));
        input.set("conflicts", sorted(header.plan().path("conflicts"),
                Comparator.comparing(node -> node.path("conflict_id").asText(), JsCollation.LOCALE_COMPARE)));
        Comparator<JsonNode> byTopic = Comparator.comparing(node -> node.path("topic").asText(),
                JsCollation.LOCALE_COMPARE);
        input.set("watermarks", sorted(header.watermarks(),
                byTopic.thenComparingLong(node -> node.path("partition").asLong())));
        return CanonicalJson.sha256Of(input);
    }

    /** The plan's {@code execution_options.workflow_mode}. */
    String workflowMode() {
        return header.plan().path("execution_options").path("workflow_mode").asText("suppressed_default");
    }

    boolean columnMode() {
        return "column".equals(header.plan().path("scope").path("mode").asText());
    }

    boolean explicitInsert() {
        return "explicit_insert".equals(header.plan().path("execution_options").path("missing_row_mode").asText());
    }

    /** The action a row of this plan takes on a target record in {@code state} (§6.5 through §4.6); empty = blocked. */
    Optional<io.rezilient.restore.contracts.restore.PlanRowAction> expectedAction(
            io.rezilient.restore.contracts.restore.SourceOperation operation,
            io.rezilient.restore.contracts.restore.TargetState state) {
        return io.rezilient.restore.service.plans.TargetReconciliation.expectedAction(columnMode(), explicitInsert(),
                operation, state);
    }

    boolean schemaOverride() {
        return "manual_override".equals(header.plan().path("execution_options").path("schema_compatibility_mode")
                .asText());
    }

    /** The plan scope's columns in column mode; empty otherwise. */
    Optional<List<String>> columns() {
        JsonNode scope = header.plan().path("scope");
        if (!"column".equals(scope.path("mode").asText()) || !scope.path("columns").isArray()) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        scope.path("columns").forEach(column -> columns.add(column.asText()));
        return Optional.of(List.copyOf(columns));
    }

    long planDeleteRows() {
        return header.plan().path("action_counts").path("delete").asLong(0);
    }

    long planSkipRows() {
        return header.plan().path("action_counts").path("skip").asLong(0);
    }

    boolean anyDeletionAllowed() {
        for (JsonNode candidate : header.deleteCandidates()) {
            if ("allow_deletion".equals(candidate.path("decision").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Media candidates with decision {@code include}. */
    List<JsonNode> includedMedia() {
        List<JsonNode> included = new ArrayList<>();
        header.mediaCandidates().forEach(candidate -> {
            if ("include".equals(candidate.path("decision").asText())) {
                included.add(candidate);
            }
        });
        return included;
    }

    private static int undecided(JsonNode candidates) {
        int count = 0;
        for (JsonNode candidate : candidates) {
            JsonNode decision = candidate.get("decision");
            if (decision == null || decision.isNull()) {
                count++;
            }
        }
        return count;
    }

    private static ArrayNode sorted(JsonNode array, Comparator<JsonNode> order) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort(order);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(out::add);
        return out;
    }
}
