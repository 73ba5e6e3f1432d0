package io.rezilient.restore.service.rollback;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;

import java.util.Collection;
import java.util.List;

/** The rollback route's error answers, in one place. Listed rows are capped at {@value #LISTED} per answer. */
final class RollbackErrors {
    /** At most this many rows or records are listed in an answer; the count fields say how many there are. */
    static final int LISTED = 1000;

    private RollbackErrors() {
    }

    /** Missing and foreign jobs answer alike (service-spec §2.2). */
    static ApiError notFound() {
        return new ApiError(404, "not_found", ScopeGuard.NOT_FOUND_REASON.wire(), ScopeGuard.NOT_FOUND_MESSAGE);
    }

    static ApiError notTerminal(String jobId, String status) {
        return new ApiError(409, "job_not_rollbackable", ReasonCode.BLOCKED_ROLLBACK_NOT_TERMINAL.wire(),
                "job " + jobId + " is " + status + "; only a completed or failed job that ran an execution can be"
                        + " rolled back");
    }

    static ApiError noExecution(String jobId) {
        return new ApiError(409, "job_not_rollbackable", ReasonCode.BLOCKED_ROLLBACK_NOT_TERMINAL.wire(),
                "job " + jobId + " never ran an execution; it changed nothing that could be rolled back");
    }

    static ApiError nothingToUndo(String message) {
        return new ApiError(409, "rollback_nothing_to_undo", ReasonCode.BLOCKED_ROLLBACK_NOTHING_TO_UNDO.wire(),
                message);
    }

    static ApiError unknownRecords(Collection<String> records) {
        return ApiError.invalidRequest("target_records names records the job's rollback journal does not hold: "
                + sample(records));
    }

    static ApiError unknownResolutions(Collection<String> rowIds) {
        return ApiError.invalidRequest("resolutions name rows the job's rollback journal does not hold: "
                + sample(rowIds));
    }

    static ApiError incomplete(List<ObjectNode> missing) {
        return new ApiError(409, "rollback_target_records_incomplete",
                ReasonCode.BLOCKED_ROLLBACK_TARGET_UNVERIFIED.wire(), missing.size() + " journaled record(s) have no"
                + " entry in target_records; read every journaled record's current state on the target and send it")
                .with("missing_records", array(missing)).with("missing_record_count", missing.size());
    }

    static ApiError imageUnavailable(List<ObjectNode> unavailable, List<ObjectNode> changed) {
        return new ApiError(409, "rollback_before_image_unavailable",
                ReasonCode.BLOCKED_ROLLBACK_IMAGE_UNAVAILABLE.wire(), unavailable.size() + " journal entr"
                + (unavailable.size() == 1 ? "y has" : "ies have") + " no before-image of the target (the client sent"
                + " none, or retention pruned it), so the record's prior state is unknown; resolve each with skip")
                .with("unavailable_rows", array(unavailable)).with("unavailable_row_count", unavailable.size())
                .with("changed_rows", array(changed)).with("changed_row_count", changed.size());
    }

    static ApiError targetChanged(List<ObjectNode> changed) {
        return new ApiError(409, "rollback_target_changed", ReasonCode.BLOCKED_ROLLBACK_TARGET_CHANGED.wire(),
                changed.size() + " record(s) changed on the target after the restore; resolve each with overwrite"
                        + " (undo anyway, losing the later change) or skip (leave it out of the undo)")
                .with("changed_rows", array(changed)).with("changed_row_count", changed.size());
    }

    /** Another undo of the same job has not ended: the target is about to change, so its state proves nothing. */
    static ApiError undoInProgress(String jobId, String undoJobId) {
        return new ApiError(409, "rollback_in_progress", ReasonCode.BLOCKED_ROLLBACK_TARGET_UNVERIFIED.wire(),
                "undo job " + undoJobId + " of job " + jobId + " has not ended; wait for it (or cancel it), then read"
                        + " the target again").with("undo_job_id", undoJobId);
    }

    static ApiError missingCapability(Collection<String> missing) {
        return new ApiError(403, "missing_capability", ReasonCode.BLOCKED_MISSING_CAPABILITY.wire(),
                "missing capabilities: " + String.join(", ", missing));
    }

    static ApiError planIdInUse(String planId) {
        return new ApiError(409, "plan_id_in_use", ReasonCode.BLOCKED_PLAN_HASH_MISMATCH.wire(),
                "plan_id " + planId + " already names a plan in this scope; choose another or leave it out");
    }

    /** The grant table could not be read: fail closed, never as a pass nor as the 403. */
    static ApiError grantsUnavailable(Throwable cause) {
        return ApiError.unavailable(503, "capability_grants_unavailable", null,
                "the capability grants cannot be read right now; nothing was changed; retry later", cause);
    }

    private static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        items.stream().limit(LISTED).forEach(array::add);
        return array;
    }

    private static String sample(Collection<String> values) {
        List<String> first = values.stream().limit(20).toList();
        return String.join(", ", first) + (values.size() > first.size() ? " … (" + values.size() + " in all)" : "");
    }
}
