package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.restore.WireValues;

/** The phase of a restore an audit event belongs to (service-spec §9). */
public enum AuditLifecycle implements WireEnum {
    AUTH("auth"), PLAN("plan"), EXECUTE("execute"), RESUME("resume"), OVERRIDE("override"), DELETE("delete"),
    INGEST("ingest");

    private final String wire;

    AuditLifecycle(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Lifecycles whose events must name the job they concern. */
    public boolean requiresJobId() {
        return this == EXECUTE || this == RESUME || this == OVERRIDE || this == DELETE;
    }

    public static AuditLifecycle fromWire(String value) {
        return WireValues.fromWire(AuditLifecycle.class, "audit lifecycle", value);
    }
}
