package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.restore.WireValues;

/** How the audited action ended (service-spec §9). */
public enum AuditOutcome implements WireEnum {
    ATTEMPTED("attempted"), ACCEPTED("accepted"), DENIED("denied"), QUEUED("queued"), STARTED("started"),
    PAUSED("paused"), COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled"), SKIPPED("skipped");

    private final String wire;

    AuditOutcome(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static AuditOutcome fromWire(String value) {
        return WireValues.fromWire(AuditOutcome.class, "audit outcome", value);
    }
}
