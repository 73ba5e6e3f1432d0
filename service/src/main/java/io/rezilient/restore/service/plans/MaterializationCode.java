package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.WireEnum;

/**
 * Why a record could not be materialised into a plan row (service-spec §4.4, §4.5). The wire values are the
 * reference's {@code RestoreRowMaterializationError} codes, which the dry-run endpoint reports.
 */
public enum MaterializationCode implements WireEnum {
    /** No row-capable candidate for a record (or at all), or the winner could not be mapped back. */
    MISSING_PIT_CANDIDATES("missing_pit_candidates"),
    /** The winning tuple matches more than one candidate, e.g. the same event indexed from two artifacts. */
    AMBIGUOUS_PIT_CANDIDATES("ambiguous_pit_candidates"),
    /** The winning event's artifact does not exist (or is empty) in the object store. */
    MISSING_ARTIFACT_BODY("missing_artifact_body"),
    /** The artifact body cannot yield a row: not an object, no operation, a malformed envelope, a blank scope. */
    INVALID_ARTIFACT_BODY("invalid_artifact_body"),
    /** The artifact body carries no encrypted value at all, so executing the row would have nothing to write. */
    MISSING_ENCRYPTED_ROW_MATERIAL("missing_encrypted_row_material"),
    /** Finalize: a source update of a record the target no longer has cannot be applied as reported. */
    TARGET_RECONCILIATION_BLOCKED("target_reconciliation_blocked");

    private final String wire;

    MaterializationCode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
