package io.rezilient.restore.contracts.restore;

/** Operator decision on a delete candidate; absent means unresolved (service-spec §4.1). */
public enum DeleteDecision implements WireEnum {
    ALLOW_DELETION("allow_deletion"),
    SKIP_DELETION("skip_deletion");

    private final String wire;

    DeleteDecision(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static DeleteDecision fromWire(String value) {
        return WireValues.fromWire(DeleteDecision.class, "delete decision", value);
    }
}
