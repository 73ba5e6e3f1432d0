package io.rezilient.restore.contracts.restore;

/** Whether a watermark or plan gate allows execution (service-spec §4.8, indexer-spec §6). */
public enum Executability implements WireEnum {
    EXECUTABLE("executable"),
    PREVIEW_ONLY("preview_only"),
    BLOCKED("blocked");

    private final String wire;

    Executability(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static Executability fromWire(String value) {
        return WireValues.fromWire(Executability.class, "executability", value);
    }
}
