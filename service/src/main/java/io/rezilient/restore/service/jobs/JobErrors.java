package io.rezilient.restore.service.jobs;

import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;

import java.util.List;

/** The job endpoints' error answers (service-spec §3.4), in one place. */
public final class JobErrors {
    private JobErrors() {
    }

    static ApiError scopeBlocked() {
        return new ApiError(403, "scope_blocked", ScopeGuard.CREATE_BLOCKED_REASON.wire(),
                "request tenant_id, instance_id and source must match the token's scope");
    }

    /** The cause is logged with the request id, never answered (its text can quote SQL). */
    public static ApiError planStoreUnavailable(Throwable cause) {
        return ApiError.unavailable(503, "plan_store_unavailable", null,
                "the plan store cannot be read right now; retry later", cause);
    }

    /** No finalised plan under this id in the caller's scope (drafts count as missing). */
    static ApiError planMissing() {
        return new ApiError(409, "plan_missing", ReasonCode.BLOCKED_PLAN_UNAVAILABLE.wire(),
                "job plan is unavailable in plan store");
    }

    static ApiError planHashMismatch() {
        return new ApiError(409, "plan_hash_mismatch", ReasonCode.BLOCKED_PLAN_HASH_MISMATCH.wire(),
                "plan_id already exists with a different plan_hash");
    }

    static ApiError planNotExecutable(String gateReasonCode) {
        return new ApiError(409, "plan_not_executable", gateReasonCode, "dry-run plan gate is not executable");
    }

    /** Ours: a job may lock only tables its plan restores (the reference did not check). */
    static ApiError tablesOutsidePlan(List<String> outside, List<String> planTables) {
        return ApiError.invalidRequest("lock_scope_tables must be a subset of the plan's scope tables "
                + planTables + "; not in the plan: " + outside);
    }

    /** Missing and foreign jobs answer alike (service-spec §2.2). */
    static ApiError jobNotFound() {
        return new ApiError(404, "not_found", ScopeGuard.NOT_FOUND_REASON.wire(), ScopeGuard.NOT_FOUND_MESSAGE);
    }

    static ApiError alreadyTerminal(String jobId, String status) {
        return new ApiError(409, "already_terminal", null, "job " + jobId + " is already " + status);
    }

    /**
     * The job tables could not be read or written; nothing was committed, the call can be retried. The cause is
     * logged with the request id, never answered (its text can quote SQL).
     */
    public static ApiError storeUnavailable(Throwable cause) {
        return ApiError.unavailable(503, "job_store_unavailable", null,
                "the job store cannot be read or written right now; nothing was changed; retry later", cause);
    }
}
