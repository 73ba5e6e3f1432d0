package io.rezilient.restore.contracts.restore;

/** Operator decision on a media candidate; absent means unresolved (service-spec §4.1). */
public enum MediaDecision implements WireEnum {
    INCLUDE("include"),
    EXCLUDE("exclude");

    private final String wire;

    MediaDecision(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static MediaDecision fromWire(String value) {
        return WireValues.fromWire(MediaDecision.class, "media decision", value);
    }
}
