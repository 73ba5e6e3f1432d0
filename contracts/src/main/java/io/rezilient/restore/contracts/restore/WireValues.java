package io.rezilient.restore.contracts.restore;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Looks contract enum constants up by wire value, rejecting anything else with one consistent message. */
public final class WireValues {
    private WireValues() {
    }

    /**
     * The constant of {@code type} whose wire value equals {@code value} exactly (case-sensitive, untrimmed).
     *
     * @param what how the message names the value, e.g. {@code job status}
     * @throws IllegalArgumentException naming the rejected value and every allowed one
     */
    public static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String what, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(WireEnum::wire)
                .collect(Collectors.joining(", "));
        String shown = value == null ? "null" : "'" + value + "'";
        throw new IllegalArgumentException("unknown " + what + " " + shown + " (allowed: " + allowed + ")");
    }
}
