package io.rezilient.restore.service.evidence;

import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;

/** The evidence endpoints' error answers (service-spec §3.6, §7), in one place. */
public final class EvidenceErrors {
    private EvidenceErrors() {
    }

    /** Missing and foreign jobs answer alike (service-spec §2.2). */
    public static ApiError notFound() {
        return new ApiError(404, "not_found", ScopeGuard.NOT_FOUND_REASON.wire(), ScopeGuard.NOT_FOUND_MESSAGE);
    }

    /** {@code GET …/evidence} of a visible job that has no package yet. */
    public static ApiError noPackageYet() {
        return new ApiError(404, "not_found", null,
                "job has no evidence yet; it is generated when the execution ends (POST …/evidence/export)");
    }

    public static ApiError planMissing() {
        return new ApiError(409, "plan_missing", ReasonCode.FAILED_INTERNAL_ERROR.wire(),
                "immutable plan record is unavailable for evidence");
    }

    /** No execution, or one that has not ended. */
    public static ApiError notReady(String why) {
        return new ApiError(409, "evidence_not_ready", ReasonCode.BLOCKED_EVIDENCE_NOT_READY.wire(),
                "evidence is generated once the job's execution has ended: " + why);
    }

    public static ApiError contractViolation(EvidenceContractViolation violation) {
        return new ApiError(500, "evidence_contract_violation", ReasonCode.FAILED_INTERNAL_ERROR.wire(),
                "the evidence package failed its contract check: " + violation.getMessage());
    }
}
