package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.FreshnessUnknownDetail;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;

/**
 * The planning endpoints' error answers (service-spec §3.3), in one place so dry-run and finalize cannot drift.
 */
final class PlanErrors {
    static final String MATERIALIZATION_FAILED = "restore_plan_materialization_failed";
    static final String INDEX_UNAVAILABLE = "restore_index_unavailable";

    private PlanErrors() {
    }

    /** No row-capable candidate for the scope: the index does not cover what was asked for. */
    static ApiError noIndexedCoverage(String message) {
        return new ApiError(409, MATERIALIZATION_FAILED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN.wire(), message)
                .with("freshness_unknown_detail", FreshnessUnknownDetail.NO_INDEXED_COVERAGE.wire());
    }

    /** A winner that cannot become a row (ambiguous, missing or invalid body, no encrypted material). */
    static ApiError materializationFailed(String message) {
        return new ApiError(409, MATERIALIZATION_FAILED, ReasonCode.FAILED_INTERNAL_ERROR.wire(), message);
    }

    /**
     * A materialisation failure (§3.3): no candidates for the scope is a coverage problem, anything else (an
     * ambiguous winner, a missing or invalid body) a failed plan.
     */
    static ApiError fromMaterialization(MaterializationException failure) {
        if (failure.code() == MaterializationCode.MISSING_PIT_CANDIDATES) {
            return noIndexedCoverage(failure.getMessage()).with("details", failure.details());
        }
        return materializationFailed(failure.getMessage()).with("materialization_code", failure.code().wire())
                .with("details", failure.details());
    }

    /**
     * The index, the object store or the plan tables could not be read or written. The cause is logged with the
     * request id, never answered: its text can quote SQL, keys or hosts.
     */
    static ApiError indexUnavailable(Throwable cause) {
        return ApiError.unavailable(503, INDEX_UNAVAILABLE, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN.wire(),
                        "the restore index or plan store cannot be read right now; retry later", cause)
                .with("freshness_unknown_detail", FreshnessUnknownDetail.RESTORE_INDEX_UNAVAILABLE.wire());
    }

    /** The same plan_id was planned before with other inputs (deviation S17: the runbook's answer). */
    static ApiError planHashMismatch(String planId) {
        return new ApiError(409, "plan_hash_mismatch", ReasonCode.BLOCKED_PLAN_HASH_MISMATCH.wire(),
                "plan_id " + planId + " was already planned with different inputs; use a new plan_id to replan");
    }

    /**
     * Finalize: target reconciliation blocked a row (a source update whose record is missing on the target). The
     * reference's message is generic; {@code details} names the record and the policy cell that blocked it.
     */
    static ApiError referenceConflict(MaterializationException blocked) {
        return new ApiError(409, MATERIALIZATION_FAILED, ReasonCode.BLOCKED_REFERENCE_CONFLICT.wire(),
                blocked.getMessage()).with("materialization_code", blocked.code().wire())
                .with("details", blocked.details());
    }

    /**
     * {@code GET /v1/plans/{plan_id}} of a plan the caller's scope does not have: {@code 404 not_found} without a
     * reason code (deviation S59: the reference's {@code blocked_unknown_source_mapping} read as a registry problem).
     * Other scopes' plans answer exactly this too, since the lookup key carries the caller's scope (§2.2).
     */
    static ApiError planNotInScope() {
        return ApiError.notFound("plan not found within token scope");
    }

    /**
     * {@code GET /v1/plans/{plan_id}} of a draft of the caller's own scope (deviation S59). Still 404, as the
     * reference answers for drafts, so a client that only looks at the status is unaffected; the body says what to
     * do. {@code blocked_plan_unavailable} is the code job creation already gives a draft-only plan (§3.4).
     */
    static ApiError planAwaitingFinalize(String planId) {
        return new ApiError(404, "plan_not_finalized", ReasonCode.BLOCKED_PLAN_UNAVAILABLE.wire(),
                "plan " + planId + " is a draft awaiting target reconciliation: POST /v1/plans/" + planId
                        + "/target-reconciliation/finalize to finalise it")
                .with("reconciliation_state", ReconciliationState.DRAFT.wire());
    }

    /** Missing and foreign plans answer alike (service-spec §2.2). */
    static ApiError planNotFound() {
        return new ApiError(404, "not_found", ScopeGuard.NOT_FOUND_REASON.wire(), ScopeGuard.NOT_FOUND_MESSAGE);
    }

    /** The body names a scope other than the token's (service-spec §2.2). */
    static ApiError scopeBlocked() {
        return new ApiError(403, "scope_blocked", ScopeGuard.CREATE_BLOCKED_REASON.wire(),
                "request tenant_id, instance_id and source must match the token's scope");
    }
}
