package io.rezilient.restore.contracts.restore;

/**
 * Version tags the restore contracts carry in their payloads (service-spec §0, indexer-spec §0). They are wire
 * facts: changing one breaks compatibility with stored data and existing clients. The restore contract, metadata
 * allowlist and plan-hash versions are in {@link io.rezilient.restore.contracts.plan.PlanContract}; the PIT version
 * in {@link io.rezilient.restore.contracts.pit.PitAlgorithm}.
 */
public final class ContractVersions {
    /** {@code contract_version} of cross-service audit events. */
    public static final String AUDIT_CONTRACT_VERSION = "audit.contracts.v1";
    /** {@code schema_version} of cross-service audit events. */
    public static final String AUDIT_EVENT_SCHEMA_VERSION = "audit.event.v1";
    /** Replay order of audit events: {@code occurred_at}, then {@code service}, then {@code event_id}. */
    public static final String AUDIT_REPLAY_ORDER_VERSION = "audit.replay.v1.occurred_at-service-event_id";

    /** {@code canonicalization_version} of evidence packages (canonical JSON of every artifact and the report). */
    public static final String EVIDENCE_CANONICALIZATION_VERSION = "evidence.canonical-json.v1";

    /** {@code watermark_state_version} of indexer freshness read models. */
    public static final String WATERMARK_STATE_VERSION = "restore.watermark-state.v1";
    /** {@code coverage_window_version} of the per-source coverage read model. */
    public static final String COVERAGE_WINDOW_VERSION = "restore.coverage-window.v1";
    /** {@code freshness_gate_version} of the indexer's freshness gate status. */
    public static final String FRESHNESS_GATE_VERSION = "restore.freshness-gate.v1";
    /** Declared by the reference indexer but not used in any payload; kept so the name is reserved. */
    public static final String INDEX_ROW_VERSION = "restore.index-row.v1";
    /** Declared by the reference indexer but not used in any payload; kept so the name is reserved. */
    public static final String BACKFILL_STATUS_VERSION = "restore.backfill-status.v1";

    private ContractVersions() {
    }
}
