package io.rezilient.restore.contracts.restore;

/** Freshness of a partition watermark (service-spec §4.7, indexer-spec §6). */
public enum Freshness implements WireEnum {
    FRESH("fresh"),
    STALE("stale"),
    UNKNOWN("unknown");

    private final String wire;

    Freshness(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static Freshness fromWire(String value) {
        return WireValues.fromWire(Freshness.class, "freshness", value);
    }
}
