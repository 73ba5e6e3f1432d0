package io.rezilient.restore.contracts.restore;

/** How an operator resolved a conflict; a {@code reference_conflict} may not be skipped (service-spec §4.1, §6.3). */
public enum ConflictResolution implements WireEnum {
    SKIP("skip"),
    ABORT_AND_REPLAN("abort_and_replan");

    private final String wire;

    ConflictResolution(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static ConflictResolution fromWire(String value) {
        return WireValues.fromWire(ConflictResolution.class, "conflict resolution", value);
    }
}
