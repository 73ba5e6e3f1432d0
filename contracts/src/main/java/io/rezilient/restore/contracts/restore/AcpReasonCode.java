package io.rezilient.restore.contracts.restore;

/**
 * {@code reason_code} values the auth control plane returns on its internal endpoints; the restore service reads
 * them to tell a missing mapping from an outage but never emits them itself (service-spec §2.4).
 */
public enum AcpReasonCode implements WireEnum {
    /** 404 from {@code source-mapping/resolve}: the tenant/instance has no mapping (→ {@code not_found}). */
    TENANT_INSTANCE_MAPPING_NOT_FOUND("tenant_instance_mapping_not_found"),
    /** 403: our internal token was refused (→ outage, "ACP internal authentication failed"). */
    INTERNAL_AUTH_REQUIRED("internal_auth_required");

    private final String wire;

    AcpReasonCode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static AcpReasonCode fromWire(String value) {
        return WireValues.fromWire(AcpReasonCode.class, "ACP reason code", value);
    }
}
