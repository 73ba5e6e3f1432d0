package io.rezilient.restore.contracts.restore;

/** What executing a plan row does to the target record (service-spec §4.1 {@code action}, §4.6). */
public enum PlanRowAction implements WireEnum {
    UPDATE("update"),
    INSERT("insert"),
    DELETE("delete"),
    SKIP("skip");

    private final String wire;

    PlanRowAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static PlanRowAction fromWire(String value) {
        return WireValues.fromWire(PlanRowAction.class, "plan row action", value);
    }
}
