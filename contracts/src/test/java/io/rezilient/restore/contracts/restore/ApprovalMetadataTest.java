package io.rezilient.restore.contracts.restore;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalMetadataTest {
    @Test
    void thePlaceholderIsTheReferencesNonEnforcedApproval() {
        ApprovalMetadata placeholder =
                ApprovalMetadata.placeholder(ApprovalMetadata.PlaceholderReason.CALLER_SUPPLIED_UNVERIFIED);

        assertThat(placeholder.toJson()).isEqualTo(Json.parse("""
                {"approval_required": false,
                 "approval_state": "placeholder_not_enforced",
                 "approval_decision": "placeholder",
                 "approval_decision_reason": "caller-supplied approval metadata is unverified",
                 "approval_revalidation_result": "not_applicable",
                 "approval_placeholder_mode": "mvp_not_enforced"}"""));
    }

    @Test
    void withoutCallerApprovalTheReasonSaysEnforcementIsNotConfigured() {
        assertThat(ApprovalMetadata.placeholder(ApprovalMetadata.PlaceholderReason.ENFORCEMENT_NOT_CONFIGURED)
                .approvalDecisionReason()).isEqualTo("approval enforcement is not configured in this stage");
    }
}
