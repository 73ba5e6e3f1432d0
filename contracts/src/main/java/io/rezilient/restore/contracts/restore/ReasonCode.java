package io.rezilient.restore.contracts.restore;

/**
 * Every {@code reason_code} value the restore service and indexer put on the wire or in storage (service-spec,
 * indexer-spec), plus our backfill throttle's. One enum rather than one per field because the reference reuses
 * codes across fields (a gate reason becomes a job-creation error, a runtime conflict's reason becomes a row
 * outcome's). Codes produced by the auth control plane and only interpreted by us are in {@link AcpReasonCode}.
 */
public enum ReasonCode implements WireEnum {
    // --- No reason: gate executable, row applied, job running, verification passed (everywhere).
    NONE("none"),

    // --- Bearer-token authentication failures, 401 (service-spec §2.1).
    DENIED_TOKEN_MALFORMED("denied_token_malformed"),
    DENIED_TOKEN_INVALID_SIGNATURE("denied_token_invalid_signature"),
    DENIED_TOKEN_WRONG_SERVICE_SCOPE("denied_token_wrong_service_scope"),
    DENIED_TOKEN_EXPIRED("denied_token_expired"),

    // --- HTTP layer: admin token missing/wrong, 403 (§2.7); request body over the size cap, 413 (§3.1).
    ADMIN_AUTH_REQUIRED("admin_auth_required"),
    REQUEST_BODY_TOO_LARGE("request_body_too_large"),

    // --- Tenant scope and ACP source mapping: 403/404 scope_blocked / not_found, 503 outage (§2.2, §2.3, §3.1);
    //     also counted as an auth pause by the SLO dashboard (§8).
    BLOCKED_UNKNOWN_SOURCE_MAPPING("blocked_unknown_source_mapping"),
    BLOCKED_AUTH_CONTROL_PLANE_OUTAGE("blocked_auth_control_plane_outage"),

    // --- Freshness: watermarks (indexer-spec §6, service-spec §4.7) and the dry-run gate (§4.8).
    BLOCKED_FRESHNESS_UNKNOWN("blocked_freshness_unknown"),
    BLOCKED_FRESHNESS_STALE("blocked_freshness_stale"),

    // --- Dry-run gate and plan validation at job creation / execute (§3.3, §3.4, §4.8, §6.2, §6.3).
    BLOCKED_UNRESOLVED_DELETE_CANDIDATES("blocked_unresolved_delete_candidates"),
    BLOCKED_UNRESOLVED_MEDIA_CANDIDATES("blocked_unresolved_media_candidates"),
    BLOCKED_REFERENCE_CONFLICT("blocked_reference_conflict"),
    BLOCKED_PLAN_HASH_MISMATCH("blocked_plan_hash_mismatch"),
    BLOCKED_PLAN_UNAVAILABLE("blocked_plan_unavailable"),

    // --- Jobs and locks: queued job's status/wait reason (§5.1, §5.2); reconcile's forced terminal (§5.5).
    QUEUED_SCOPE_LOCK("queued_scope_lock"),
    FAILED_STALE_LOCK_RECOVERED("failed_stale_lock_recovered"),

    // --- Execute, resume, claim and commit refusals (§6.2, §6.4, §6.6, §6.7).
    BLOCKED_MISSING_CAPABILITY("blocked_missing_capability"),
    BLOCKED_RESUME_CHECKPOINT_MISSING("blocked_resume_checkpoint_missing"),
    BLOCKED_RESUME_PRECONDITION_MISMATCH("blocked_resume_precondition_mismatch"),

    // --- Pauses of jobs/executions: chunk budget (§5.3, §6.6); entitlement and instance states, counted by the
    //     SLO dashboard but never produced by the reference (§8, §13.4).
    PAUSED_TOKEN_REFRESH_GRACE_EXHAUSTED("paused_token_refresh_grace_exhausted"),
    PAUSED_ENTITLEMENT_DISABLED("paused_entitlement_disabled"),
    PAUSED_INSTANCE_DISABLED("paused_instance_disabled"),

    // --- Failures: execution terminal status, row outcomes and conflict-matrix blocks (§6.3, §6.6, §6.8);
    //     materialisation/evidence 409/500 errors (§3.3, §3.6).
    FAILED_INTERNAL_ERROR("failed_internal_error"),
    FAILED_SCHEMA_CONFLICT("failed_schema_conflict"),
    FAILED_PERMISSION_CONFLICT("failed_permission_conflict"),

    // --- Media outcomes (§6.10).
    FAILED_MEDIA_PARENT_MISSING("failed_media_parent_missing"),
    FAILED_MEDIA_HASH_MISMATCH("failed_media_hash_mismatch"),
    FAILED_MEDIA_RETRY_EXHAUSTED("failed_media_retry_exhausted"),

    // --- Evidence export and verification (§3.6, §7).
    BLOCKED_EVIDENCE_NOT_READY("blocked_evidence_not_ready"),
    FAILED_EVIDENCE_ARTIFACT_HASH_MISMATCH("failed_evidence_artifact_hash_mismatch"),
    FAILED_EVIDENCE_REPORT_HASH_MISMATCH("failed_evidence_report_hash_mismatch"),
    FAILED_EVIDENCE_SIGNATURE_VERIFICATION("failed_evidence_signature_verification"),

    // --- Indexer backfill run pauses (indexer-spec §7; paused_manual also for our backfill).
    PAUSED_MANUAL("paused_manual"),
    PAUSED_REALTIME_LAG_GUARDRAIL("paused_realtime_lag_guardrail"),
    PAUSED_INDEXING_FAILURES("paused_indexing_failures"),

    // --- Ours: backfill throttle pauses (recovery-backfill.md, lag throttling).
    PAUSED_LAG("paused_lag"),
    PAUSED_OVERRIDE_EXPIRED("paused_override_expired"),

    // --- Ours: undoing a job from its rollback journal (POST /v1/jobs/{id}/rollback, architecture §5 item 5).
    /** The job is not completed or failed, or has no execution: there is nothing final to undo yet. */
    BLOCKED_ROLLBACK_NOT_TERMINAL("blocked_rollback_not_terminal"),
    /** The request does not report the target's current state of every journaled record. */
    BLOCKED_ROLLBACK_TARGET_UNVERIFIED("blocked_rollback_target_unverified"),
    /** A journaled record changed on the target after the restore; resolve it (overwrite or skip). */
    BLOCKED_ROLLBACK_TARGET_CHANGED("blocked_rollback_target_changed"),
    /** A journal entry has no real before-image (plan values only, or pruned); it can only be skipped. */
    BLOCKED_ROLLBACK_IMAGE_UNAVAILABLE("blocked_rollback_image_unavailable"),
    /** Nothing is left to undo: no journal entry, or every one skipped or already as before. */
    BLOCKED_ROLLBACK_NOTHING_TO_UNDO("blocked_rollback_nothing_to_undo");

    private final String wire;

    ReasonCode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static ReasonCode fromWire(String value) {
        return WireValues.fromWire(ReasonCode.class, "reason code", value);
    }
}
