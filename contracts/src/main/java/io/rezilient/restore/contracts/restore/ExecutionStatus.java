package io.rezilient.restore.contracts.restore;

/** Status of an execution record (service-spec §6.8). */
public enum ExecutionStatus implements WireEnum {
    PAUSED("paused"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String wire;

    ExecutionStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static ExecutionStatus fromWire(String value) {
        return WireValues.fromWire(ExecutionStatus.class, "execution status", value);
    }
}
