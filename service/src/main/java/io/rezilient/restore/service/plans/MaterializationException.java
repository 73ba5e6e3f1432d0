package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.restore.TargetState;

import java.util.Objects;

/**
 * A record could not be materialised (the reference's {@code RestoreRowMaterializationError}). The code, message
 * and details are part of the dry-run error contract, so each failure has one factory here with the reference's
 * exact wording and detail keys rather than messages assembled at the throw sites.
 */
public final class MaterializationException extends RuntimeException {
    private final MaterializationCode code;
    private final transient ObjectNode details;

    public MaterializationException(MaterializationCode code, String message, ObjectNode details) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.details = Objects.requireNonNull(details, "details").deepCopy();
    }

    public MaterializationCode code() {
        return code;
    }

    /** A copy of the details object (possibly empty). */
    public ObjectNode details() {
        return details.deepCopy();
    }

    /** Table mode found no row-capable candidate in the whole scope. */
    static MaterializationException noCandidates() {
        return new MaterializationException(MaterializationCode.MISSING_PIT_CANDIDATES,
                "no row-capable PIT candidates were provided for materialization", emptyDetails());
    }

    /** An explicitly requested record has no row-capable candidate. */
    static MaterializationException scopeRecordWithoutCandidates(String table, String recordSysId) {
        return new MaterializationException(MaterializationCode.MISSING_PIT_CANDIDATES,
                "scope record has no row-capable PIT candidates", record(table, recordSysId));
    }

    /** A row-capable candidate lacks {@code sys_updated_on}, so the record's PIT cannot be ordered. */
    static MaterializationException candidateWithoutSysUpdatedOn(String table, String recordSysId) {
        return new MaterializationException(MaterializationCode.MISSING_PIT_CANDIDATES,
                "candidate is missing sys_updated_on required for PIT tie-break", record(table, recordSysId));
    }

    /**
     * The winning tuple matched no candidate: the tuple carries the trimmed {@code sys_updated_on}, so a
     * candidate whose value has surrounding spaces cannot be mapped back (as in the reference).
     */
    static MaterializationException unmappedWinner(String table, String recordSysId, PitTuple winner) {
        ObjectNode details = record(table, recordSysId);
        details.set("winnerTuple", winner.toJson());
        return new MaterializationException(MaterializationCode.MISSING_PIT_CANDIDATES,
                "PIT winner tuple could not be mapped to a candidate", details);
    }

    /** The winning tuple matched several candidates. */
    static MaterializationException ambiguousWinner(String table, String recordSysId, PitTuple winner) {
        ObjectNode details = record(table, recordSysId);
        details.set("winnerTuple", winner.toJson());
        return new MaterializationException(MaterializationCode.AMBIGUOUS_PIT_CANDIDATES,
                "multiple candidates matched PIT winner tuple", details);
    }

    static MaterializationException missingBody(String artifactKey, String eventId, String manifestKey) {
        ObjectNode details = emptyDetails();
        details.put("artifactKey", artifactKey);
        details.put("eventId", eventId);
        details.put("manifestKey", manifestKey);
        return new MaterializationException(MaterializationCode.MISSING_ARTIFACT_BODY,
                "winning PIT candidate artifact body was not found", details);
    }

    static MaterializationException bodyNotObject(String artifactKey, String manifestKey) {
        return new MaterializationException(MaterializationCode.INVALID_ARTIFACT_BODY,
                "artifact body root must be an object", artifact(artifactKey, manifestKey));
    }

    static MaterializationException operationUnderivable() {
        return new MaterializationException(MaterializationCode.INVALID_ARTIFACT_BODY,
                "unable to derive CDC operation from artifact body", emptyDetails());
    }

    /** @param field the body field as a dotted path, e.g. {@code row_enc} or {@code event.data.snapshot_enc} */
    static MaterializationException invalidEncryptedValue(String artifactKey, String manifestKey, String field,
                                                         String problem) {
        ObjectNode details = artifact(artifactKey, manifestKey);
        details.put("field", field);
        details.put("issue", problem);
        return new MaterializationException(MaterializationCode.INVALID_ARTIFACT_BODY,
                "artifact." + field + " is not a valid EncryptedPayload", details);
    }

    static MaterializationException noEncryptedMaterial(String artifactKey, String manifestKey) {
        return new MaterializationException(MaterializationCode.MISSING_ENCRYPTED_ROW_MATERIAL,
                "artifact body is missing encrypted row material", artifact(artifactKey, manifestKey));
    }

    /**
     * Finalize: target reconciliation refuses a row (service-spec §4.6), with the reference's detail keys in its
     * order: why, which conflict and policy cell, and which record in which states.
     */
    static MaterializationException reconciliationBlocked(TargetReconciliation.Blocked blocked, TargetState target) {
        DraftRow draft = blocked.draft();
        ObjectNode details = emptyDetails();
        details.put("blocking_reason", blocked.blockingReason());
        details.put("conflict_class", blocked.conflictClass().wire());
        details.put("policy_case", blocked.policyCase());
        details.put("record_sys_id", draft.row().recordSysId());
        details.put("source_operation", draft.sourceOperation().wire());
        details.put("table", draft.row().table());
        details.put("target_state", target.wire());
        return new MaterializationException(MaterializationCode.TARGET_RECONCILIATION_BLOCKED,
                "target reconciliation blocked scope/PIT row materialization", details);
    }

    /** A blank tenant, instance or source: the row's metadata could not name its scope. */
    static MaterializationException blankScopeField(String field) {
        ObjectNode details = emptyDetails();
        details.put("field", field);
        return new MaterializationException(MaterializationCode.INVALID_ARTIFACT_BODY, field + " is required",
                details);
    }

    private static ObjectNode emptyDetails() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode record(String table, String recordSysId) {
        ObjectNode details = emptyDetails();
        details.put("recordSysId", recordSysId);
        details.put("table", table);
        return details;
    }

    private static ObjectNode artifact(String artifactKey, String manifestKey) {
        ObjectNode details = emptyDetails();
        details.put("artifactKey", artifactKey);
        details.put("manifestKey", manifestKey);
        return details;
    }
}
