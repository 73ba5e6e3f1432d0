package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.restore.WireValues;

/** Who acted: a person, a service account or the platform itself. */
public enum ActorType implements WireEnum {
    USER("user"), SERVICE("service"), SYSTEM("system");

    private final String wire;

    ActorType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static ActorType fromWire(String value) {
        return WireValues.fromWire(ActorType.class, "actor type", value);
    }
}
