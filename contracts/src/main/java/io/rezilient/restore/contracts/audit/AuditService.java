package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.restore.WireValues;

/** The services that emit cross-service audit events (service-spec §9). */
public enum AuditService implements WireEnum {
    ACP("acp"), REG("reg"), RRS("rrs"), SN("sn");

    private final String wire;

    AuditService(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static AuditService fromWire(String value) {
        return WireValues.fromWire(AuditService.class, "audit service", value);
    }
}
