package io.rezilient.restore.contracts.restore;

/** Whether a record exists on the restore target (service-spec §3.3, §4.6, §6.5). */
public enum TargetState implements WireEnum {
    EXISTS("exists"),
    MISSING("missing");

    private final String wire;

    TargetState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static TargetState fromWire(String value) {
        return WireValues.fromWire(TargetState.class, "target state", value);
    }
}
