package io.rezilient.restore.contracts.restore;

/** Class of a plan or runtime conflict (service-spec §4.1, §6.3). */
public enum ConflictClass implements WireEnum {
    VALUE_CONFLICT("value_conflict"),
    MISSING_ROW_CONFLICT("missing_row_conflict"),
    UNEXPECTED_EXISTING_CONFLICT("unexpected_existing_conflict"),
    REFERENCE_CONFLICT("reference_conflict"),
    SCHEMA_CONFLICT("schema_conflict"),
    PERMISSION_CONFLICT("permission_conflict"),
    STALE_CONFLICT("stale_conflict");

    private final String wire;

    ConflictClass(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static ConflictClass fromWire(String value) {
        return WireValues.fromWire(ConflictClass.class, "conflict class", value);
    }
}
