package io.rezilient.restore.contracts.restore;

/** Outcome of applying one plan row or media candidate (service-spec §3.5, §6.8, §6.10). */
public enum RowOutcome implements WireEnum {
    APPLIED("applied"),
    SKIPPED("skipped"),
    FAILED("failed");

    private final String wire;

    RowOutcome(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static RowOutcome fromWire(String value) {
        return WireValues.fromWire(RowOutcome.class, "row outcome", value);
    }
}
