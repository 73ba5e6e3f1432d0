package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.ApprovalMetadata;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.index.AuthoritativeWatermark;

import java.time.Instant;
import java.util.List;

/** The {@code plan} object (the reference's {@code RestorePlan}, service-spec §4.9) and its stored parts. */
final class PlanRecords {
    private PlanRecords() {
    }

    /**
     * @param head                   the parsed {@code plan_hash_input} head (pit, scope, options, counts)
     * @param callerSentApproval     whether the request carried approval metadata, which is not trusted: the plan
     *                               stores the placeholder and says why (§5.1)
     */
    static ObjectNode plan(String planId, String planHash, Instant generatedAt, ObjectNode head, ArrayNode conflicts,
                           boolean callerSentApproval) {
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        plan.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        plan.put("plan_id", planId);
        plan.put("plan_hash", planHash);
        plan.put("plan_hash_algorithm", PlanContract.PLAN_HASH_ALGORITHM);
        plan.put("plan_hash_input_version", PlanContract.PLAN_HASH_INPUT_VERSION);
        plan.put("generated_at", IsoUtc.format(generatedAt));
        plan.set("pit", head.get("pit").deepCopy());
        plan.set("scope", head.get("scope").deepCopy());
        plan.set("execution_options", head.get("execution_options").deepCopy());
        plan.set("action_counts", head.get("action_counts").deepCopy());
        plan.set("conflicts", conflicts.deepCopy());
        plan.set("approval", ApprovalMetadata.placeholder(callerSentApproval
                ? ApprovalMetadata.PlaceholderReason.CALLER_SUPPLIED_UNVERIFIED
                : ApprovalMetadata.PlaceholderReason.ENFORCEMENT_NOT_CONFIGURED).toJson());
        plan.put("metadata_allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        return plan;
    }

    /** The same plan after finalisation: new hash, counts and generation time, everything else kept. */
    static ObjectNode finalized(ObjectNode draftPlan, String planHash, Instant generatedAt, ObjectNode head) {
        ObjectNode plan = draftPlan.deepCopy();
        plan.put("plan_hash", planHash);
        plan.put("generated_at", IsoUtc.format(generatedAt));
        plan.set("action_counts", head.get("action_counts").deepCopy());
        return plan;
    }

    static ArrayNode watermarks(List<AuthoritativeWatermark> watermarks) {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        watermarks.forEach(mark -> json.add(WatermarkJson.render(mark)));
        return json;
    }
}
