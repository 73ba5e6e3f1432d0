package io.rezilient.restore.service.execute;

import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;

import java.util.Collection;
import java.util.List;

/** The execution endpoints' error answers (service-spec §6.2, §6.6, §6.7), in one place. */
final class ExecutionErrors {
    private static final String MISMATCH = ReasonCode.BLOCKED_RESUME_PRECONDITION_MISMATCH.wire();
    private static final String CHECKPOINT_MISSING = ReasonCode.BLOCKED_RESUME_CHECKPOINT_MISSING.wire();

    private ExecutionErrors() {
    }

    /** Missing and foreign jobs answer alike (service-spec §2.2). */
    static ApiError notFound() {
        return new ApiError(404, "not_found", ScopeGuard.NOT_FOUND_REASON.wire(), ScopeGuard.NOT_FOUND_MESSAGE);
    }

    /** GET …/execution, …/checkpoint, …/rollback-journal of a job that exists but has nothing of that kind. */
    static ApiError nothingYet(String what) {
        return new ApiError(404, "not_found", null, "job has no " + what + " yet");
    }

    static ApiError jobPaused(String reasonCode) {
        return new ApiError(409, "job_paused", reasonCode,
                "execution is paused (" + reasonCode + "); use the resume endpoint");
    }

    /** Ours: a second execute of an execution that agents are working through (the reference answers job_paused). */
    static ApiError executionInProgress() {
        return new ApiError(409, "job_paused", ReasonCode.PAUSED_TOKEN_REFRESH_GRACE_EXHAUSTED.wire(),
                "execution already started; agents claim and commit its rows, pause and resume continue it");
    }

    /** Ours: a second execute of a push execution that is running (or whose attempt stopped at a target failure). */
    static ApiError pushInProgress() {
        return new ApiError(409, "job_paused", ReasonCode.PAUSED_TOKEN_REFRESH_GRACE_EXHAUSTED.wire(),
                "execution already started in push mode; pause and resume continue it");
    }

    static ApiError jobNotRunning(String status) {
        return new ApiError(409, "job_not_running", null, "job is " + status + ", not running");
    }

    static ApiError jobNotClaimable(String status) {
        return new ApiError(409, "job_not_claimable", CHECKPOINT_MISSING, "job is " + status
                + "; rows can be claimed only while it runs");
    }

    static ApiError jobNotCommittable(String status) {
        return new ApiError(409, "job_not_committable", CHECKPOINT_MISSING, "job is " + status
                + "; claims can be committed only while it runs or is paused");
    }

    static ApiError jobNotPaused(String status) {
        return new ApiError(409, "job_not_paused", CHECKPOINT_MISSING, "job is " + status + ", not paused");
    }

    static ApiError planMissing() {
        return new ApiError(409, "plan_missing", ReasonCode.BLOCKED_PLAN_UNAVAILABLE.wire(),
                "job plan is unavailable in plan store");
    }

    static ApiError planHashMismatch() {
        return new ApiError(409, "plan_hash_mismatch", ReasonCode.BLOCKED_PLAN_HASH_MISMATCH.wire(),
                "the job's plan_hash does not match the stored plan");
    }

    static ApiError planNotExecutable(String gateReasonCode) {
        return new ApiError(409, "plan_not_executable", gateReasonCode, "dry-run plan gate is not executable");
    }

    static ApiError deleteCandidatesUnresolved(int count) {
        return new ApiError(409, "delete_candidates_unresolved",
                ReasonCode.BLOCKED_UNRESOLVED_DELETE_CANDIDATES.wire(),
                count + " delete candidate(s) have no decision");
    }

    static ApiError mediaCandidatesUnresolved(int count) {
        return new ApiError(409, "media_candidates_unresolved", ReasonCode.BLOCKED_UNRESOLVED_MEDIA_CANDIDATES.wire(),
                count + " media candidate(s) have no decision");
    }

    /** Ours: the plan includes attachments, whose restore lands with the media issue; nothing is half-restored. */
    static ApiError mediaRestoreUnavailable(int count) {
        return new ApiError(409, "media_restore_unavailable", ReasonCode.FAILED_INTERNAL_ERROR.wire(),
                count + " media candidate(s) are included, and this service does not restore attachments yet;"
                        + " exclude them and replan");
    }

    static ApiError planConflictBlocked(String reasonCode, String message) {
        return new ApiError(409, "plan_conflict_blocked", reasonCode, message);
    }

    static ApiError runtimeConflictBlocked(String reasonCode, String message) {
        return new ApiError(409, "runtime_conflict_blocked", reasonCode, message);
    }

    static ApiError runtimeConflictOutsidePlan(Collection<String> rowIds) {
        return ApiError.invalidRequest("runtime_conflicts name rows that are not in the plan: " + List.copyOf(rowIds));
    }

    static ApiError missingCapability(String message) {
        return new ApiError(403, "missing_capability", ReasonCode.BLOCKED_MISSING_CAPABILITY.wire(), message);
    }

    static ApiError workflowMismatch(String requested, String planned) {
        return new ApiError(409, "workflow_mismatch", ReasonCode.FAILED_INTERNAL_ERROR.wire(),
                "workflow mode " + requested + " does not match the plan's " + planned);
    }

    static ApiError revalidationFailed(String message) {
        return new ApiError(409, "target_revalidation_failed", ReasonCode.BLOCKED_REFERENCE_CONFLICT.wire(), message);
    }

    static ApiError revalidationIncomplete(String message) {
        return new ApiError(409, "target_revalidation_incomplete", ReasonCode.FAILED_INTERNAL_ERROR.wire(), message);
    }

    static ApiError checkpointMismatch(String message) {
        return new ApiError(409, "resume_checkpoint_mismatch", MISMATCH, message);
    }

    static ApiError checkpointMissing() {
        return new ApiError(409, "resume_checkpoint_missing", CHECKPOINT_MISSING,
                "job has no execution checkpoint to resume; replan and create a new job");
    }

    static ApiError planChecksumMismatch(String message) {
        return new ApiError(409, "resume_plan_checksum_mismatch", MISMATCH, message);
    }

    static ApiError preconditionChecksumMismatch(String message) {
        return new ApiError(409, "resume_precondition_checksum_mismatch", MISMATCH, message);
    }

    static ApiError claimInProgress(String claimId, String expiresAt) {
        return new ApiError(409, "claim_in_progress", MISMATCH, "claim " + claimId
                + " of this job is in progress until " + expiresAt + "; commit it or wait for its lease to expire");
    }

    static ApiError claimOutOfOrder(String claimId, int checkpointPosition, int claimPosition) {
        return new ApiError(409, "claim_out_of_order", MISMATCH, "claim " + claimId + " starts at row position "
                + claimPosition + " but the checkpoint is at " + checkpointPosition
                + "; commit the claim before it first");
    }

    static ApiError executionMissing() {
        return new ApiError(409, "execution_missing", CHECKPOINT_MISSING, "job has no execution");
    }

    static ApiError claimNotFound(String claimId) {
        return new ApiError(409, "claim_not_found", MISMATCH, "claim " + claimId + " does not exist for this job");
    }

    static ApiError claimNotClaimed(String claimId) {
        return new ApiError(409, "claim_not_claimed", MISMATCH, "claim " + claimId
                + " was already committed with other outcomes");
    }

    static ApiError claimNotActive(String claimId) {
        return new ApiError(409, "claim_not_active", MISMATCH, "claim " + claimId
                + " expired and its rows were claimed again; its outcomes were not recorded");
    }

    static ApiError claimCommitMismatch(String message) {
        return new ApiError(409, "claim_commit_mismatch", MISMATCH, message);
    }

    static ApiError identityMismatch(String field) {
        return new ApiError(403, "missing_capability", ReasonCode.BLOCKED_MISSING_CAPABILITY.wire(),
                field + " must equal the token's subject");
    }

    static ApiError sourceSuspended(String reasonCode, String message) {
        return new ApiError(409, "job_paused", reasonCode, message);
    }

    /**
     * Ours: push mode could not write its target. The cause (it can name hosts) is logged with the request id; the
     * claim's rows were given back and the job still runs.
     */
    static ApiError targetUnavailable(Throwable cause) {
        return ApiError.unavailable(503, "execution_target_unavailable", null, "the push target cannot be written"
                + " right now; the rows of this chunk were given back and nothing of it was recorded; the job keeps"
                + " running: pause it (POST /v1/jobs/{job_id}/pause) and resume it to retry", cause);
    }

    /** Ours: an execution armed in push mode, on a service started without a push target. */
    static ApiError pushTargetMissing() {
        return new ApiError(503, "execution_target_unavailable", null, "this execution was armed in push mode and"
                + " this service has no push target; start it with RRS_EXECUTE_PROGRESS_MODE=push,"
                + " RRS_EXECUTE_TARGET_JDBC_URL and REZ_KEYRING_FILE to continue it");
    }

    /** The cause is logged with the request id, never answered (its text can quote SQL). */
    static ApiError storeUnavailable(Throwable cause) {
        return ApiError.unavailable(503, "execution_store_unavailable", null,
                "the execution store cannot be read or written right now; nothing was changed; retry later", cause);
    }
}
