package io.rezilient.restore.contracts.restore;

/** Whether a dry-run plan still awaits target reconciliation (service-spec §3.3, §4.6). */
public enum ReconciliationState implements WireEnum {
    DRAFT("draft"),
    FINALIZED("finalized");

    private final String wire;

    ReconciliationState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static ReconciliationState fromWire(String value) {
        return WireValues.fromWire(ReconciliationState.class, "reconciliation state", value);
    }
}
