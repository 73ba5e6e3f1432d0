package io.rezilient.restore.contracts.restore;

/** Why a gate's freshness is unknown; {@code restore_index_unavailable} only appears on 503 errors (service-spec §3.3, §4.8). */
public enum FreshnessUnknownDetail implements WireEnum {
    NO_INDEXED_COVERAGE("no_indexed_coverage"),
    PARTITION_NOT_INDEXED("partition_not_indexed"),
    INVALID_AUTHORITATIVE_TIMESTAMP("invalid_authoritative_timestamp"),
    RESTORE_INDEX_UNAVAILABLE("restore_index_unavailable");

    private final String wire;

    FreshnessUnknownDetail(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static FreshnessUnknownDetail fromWire(String value) {
        return WireValues.fromWire(FreshnessUnknownDetail.class, "freshness_unknown_detail", value);
    }
}
