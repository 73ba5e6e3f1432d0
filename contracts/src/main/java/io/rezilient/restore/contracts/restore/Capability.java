package io.rezilient.restore.contracts.restore;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Capabilities an operator must hold. The four {@code restore_*} values are the reference contract's enum, valid
 * in {@code required_capabilities} and {@code operator_capabilities} (service-spec §2.6, §6.4); {@link #ADMIN}
 * ({@code rrs.admin}) is ours, a token capability that opens the admin API (architecture §6), and is not a valid
 * value in those request fields.
 */
public enum Capability implements WireEnum {
    RESTORE_EXECUTE("restore_execute"),
    RESTORE_DELETE("restore_delete"),
    RESTORE_OVERRIDE_CAPS("restore_override_caps"),
    RESTORE_SCHEMA_OVERRIDE("restore_schema_override"),
    ADMIN("rrs.admin");

    /** The capabilities a job or execute request may name. */
    public static final Set<Capability> RESTORE_CAPABILITIES = Collections.unmodifiableSet(
            EnumSet.of(RESTORE_EXECUTE, RESTORE_DELETE, RESTORE_OVERRIDE_CAPS, RESTORE_SCHEMA_OVERRIDE));

    private final String wire;

    Capability(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** True for the reference's four restore capabilities, false for {@code rrs.admin}. */
    public boolean isRestoreCapability() {
        return RESTORE_CAPABILITIES.contains(this);
    }

    /** Any capability, including {@code rrs.admin}; use {@link #restoreCapabilityFromWire} for request fields. */
    public static Capability fromWire(String value) {
        return WireValues.fromWire(Capability.class, "capability", value);
    }

    /** A capability valid in {@code required_capabilities} / {@code operator_capabilities}. */
    public static Capability restoreCapabilityFromWire(String value) {
        Capability capability = fromWire(value);
        if (!capability.isRestoreCapability()) {
            String allowed = RESTORE_CAPABILITIES.stream().map(Capability::wire).collect(Collectors.joining(", "));
            throw new IllegalArgumentException(
                    "capability '" + value + "' cannot be requested here (allowed: " + allowed + ")");
        }
        return capability;
    }
}
