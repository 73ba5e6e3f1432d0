package io.rezilient.restore.contracts.pit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One candidate version of a record in point-in-time ordering (the reference's {@code PitRowTuple}).
 * The strings are kept exactly as given: they are only interpreted, leniently, when {@link PitOrdering} compares
 * them, and the materialiser maps a winner back to its candidate by exact equality.
 *
 * @param sysUpdatedOn ServiceNow {@code sys_updated_on} ({@code YYYY-MM-DD HH:mm:ss}, UTC)
 * @param sysModCount  ServiceNow {@code sys_mod_count}; absent and explicit null behave differently
 * @param time         the capture time {@code __time} (ISO-8601)
 * @param eventId      the capture event id, the last tie-break
 */
public record PitTuple(String sysUpdatedOn, SysModCount sysModCount, String time, String eventId) {
    public static final String SYS_UPDATED_ON = "sys_updated_on";
    public static final String SYS_MOD_COUNT = "sys_mod_count";
    public static final String TIME = "__time";
    public static final String EVENT_ID = "event_id";

    public PitTuple {
        Objects.requireNonNull(sysUpdatedOn, SYS_UPDATED_ON);
        Objects.requireNonNull(sysModCount, SYS_MOD_COUNT);
        Objects.requireNonNull(time, TIME);
        Objects.requireNonNull(eventId, EVENT_ID);
    }

    /** Reads {@code {sys_updated_on, sys_mod_count?, __time, event_id}}; other keys are ignored. */
    public static PitTuple fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("PIT tuple must be an object");
        }
        return new PitTuple(requiredString(node, SYS_UPDATED_ON), modCount(node), requiredString(node, TIME),
                requiredString(node, EVENT_ID));
    }

    /** The tuple as JSON; an absent {@code sys_mod_count} is left out, an explicit null is written as null. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(SYS_UPDATED_ON, sysUpdatedOn);
        switch (sysModCount.kind()) {
            case NUMBER -> node.put(SYS_MOD_COUNT, sysModCount.value());
            case NULL -> node.putNull(SYS_MOD_COUNT);
            case ABSENT -> {
                // left out, as the reference leaves out an undefined property
            }
        }
        node.put(TIME, time);
        node.put(EVENT_ID, eventId);
        return node;
    }

    private static SysModCount modCount(JsonNode node) {
        if (!node.has(SYS_MOD_COUNT)) {
            return SysModCount.ABSENT;
        }
        JsonNode value = node.get(SYS_MOD_COUNT);
        if (value.isNull()) {
            return SysModCount.EXPLICIT_NULL;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return SysModCount.of(value.longValue());
        }
        throw new IllegalArgumentException("PIT tuple " + SYS_MOD_COUNT + " must be an integer or null");
    }

    private static String requiredString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("PIT tuple " + field + " must be a string");
        }
        return value.textValue();
    }
}
