package io.rezilient.restore.contracts.restore;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The approval block stored on plans, jobs and evidence. The reference never enforces approvals: whatever a
 * caller sends is replaced by {@link #placeholder}, whose values are fixed wire facts (service-spec §5.1, §7). Our
 * enforcement (architecture §5.7) will fill the same fields with real states, hence plain strings here.
 */
public record ApprovalMetadata(
        boolean approvalRequired,
        String approvalState,
        String approvalDecision,
        String approvalDecisionReason,
        String approvalRevalidationResult,
        String approvalPlaceholderMode) {

    public static final String PLACEHOLDER_STATE = "placeholder_not_enforced";
    public static final String PLACEHOLDER_DECISION = "placeholder";
    public static final String PLACEHOLDER_REVALIDATION_RESULT = "not_applicable";
    public static final String PLACEHOLDER_MODE = "mvp_not_enforced";

    /** Why the placeholder was stored. */
    public enum PlaceholderReason implements WireEnum {
        /** The caller sent approval metadata, which cannot be trusted and is discarded. */
        CALLER_SUPPLIED_UNVERIFIED("caller-supplied approval metadata is unverified"),
        /** The caller sent none. */
        ENFORCEMENT_NOT_CONFIGURED("approval enforcement is not configured in this stage");

        private final String wire;

        PlaceholderReason(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static PlaceholderReason fromWire(String value) {
            return WireValues.fromWire(PlaceholderReason.class, "approval placeholder reason", value);
        }
    }

    public ApprovalMetadata {
        Objects.requireNonNull(approvalState, "approval_state");
        Objects.requireNonNull(approvalDecision, "approval_decision");
        Objects.requireNonNull(approvalDecisionReason, "approval_decision_reason");
        Objects.requireNonNull(approvalRevalidationResult, "approval_revalidation_result");
        Objects.requireNonNull(approvalPlaceholderMode, "approval_placeholder_mode");
    }

    /** The reference's non-enforced approval, as it stores it for every plan and job. */
    public static ApprovalMetadata placeholder(PlaceholderReason reason) {
        return new ApprovalMetadata(false, PLACEHOLDER_STATE, PLACEHOLDER_DECISION, reason.wire(),
                PLACEHOLDER_REVALIDATION_RESULT, PLACEHOLDER_MODE);
    }

    /** The wire object with the reference's snake_case field names. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode()
                .put("approval_required", approvalRequired)
                .put("approval_state", approvalState)
                .put("approval_decision", approvalDecision)
                .put("approval_decision_reason", approvalDecisionReason)
                .put("approval_revalidation_result", approvalRevalidationResult)
                .put("approval_placeholder_mode", approvalPlaceholderMode);
    }
}
