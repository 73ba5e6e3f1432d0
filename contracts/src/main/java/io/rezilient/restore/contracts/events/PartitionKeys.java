package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.JsValues;

import java.util.Optional;

/**
 * The Kafka partition key of an event (indexer-spec §1a, reference {@code derivePartitionKey}), so all events of one
 * record, table, attachment or repair land in order on one partition. It works on raw, unvalidated events and never
 * rejects anything except a CDC event that cannot name its record:
 * <ul>
 *   <li>a non-empty {@code extensions.partition_key} wins;</li>
 *   <li>CDC: {@code <table>/<record_sys_id>}, both required;</li>
 *   <li>schema: the table, printed as JavaScript would, so a missing table gives {@code "undefined"};</li>
 *   <li>media: {@code attachment_sys_id}, else {@code media_id}, else the subject;</li>
 *   <li>error reports: {@code attachment_sys_id}, else {@code <table>/<record_sys_id>} when both are given, else
 *       the subject, else the source;</li>
 *   <li>repair reports: {@code original_event_id}, else {@code <table>/<record_sys_id>} when both are given, else
 *       the subject, else the source;</li>
 *   <li>anything else: the subject; and {@code "unknown"} when nothing applies.</li>
 * </ul>
 * Empty strings count as missing; a numeric id is printed as JavaScript prints numbers.
 */
public final class PartitionKeys {
    public static final String UNKNOWN = "unknown";
    public static final String CDC_MISSING_FIELDS_FORMAT =
            "CDC event missing required partition key fields: table=%s, record_sys_id=%s";

    private PartitionKeys() {
    }

    /**
     * @throws IllegalArgumentException for a CDC event without table or record id, naming both values
     */
    public static String derive(JsonNode event) {
        if (event == null || !event.isObject()) {
            return UNKNOWN;
        }
        JsonNode explicit = EventProperties.get(event.get("extensions"), "partition_key");
        if (JsValues.isTruthy(explicit)) {
            return JsValues.toDisplayString(explicit);
        }
        JsonNode data = event.get("data");
        JsonNode type = event.get("type");
        Optional<EventType> known = type != null && type.isTextual() ? EventType.fromWire(type.textValue())
                : Optional.empty();
        if (known.isEmpty()) {
            return firstTruthy(event.get("subject"));
        }
        return switch (known.get()) {
            case CDC_WRITE, CDC_DELETE -> cdcKey(data);
            case SCHEMA_CHANGE, SCHEMA_SNAPSHOT -> JsValues.toDisplayString(EventProperties.get(data, "table"));
            case MEDIA_MANIFEST, MEDIA_META, MEDIA_DELETE -> firstTruthy(EventProperties.get(data, "attachment_sys_id"),
                    EventProperties.get(data, "media_id"), event.get("subject"));
            case ERROR_REPORT -> reportKey(EventProperties.get(data, "attachment_sys_id"), data, event);
            case REPAIR_REPORT -> reportKey(EventProperties.get(data, "original_event_id"), data, event);
        };
    }

    /**
     * Error and repair reports: their own id first, then the record they are about (so a record's reports stay in
     * order with each other), then whoever sent them.
     */
    private static String reportKey(JsonNode ownId, JsonNode data, JsonNode event) {
        if (JsValues.isTruthy(ownId)) {
            return JsValues.toDisplayString(ownId);
        }
        JsonNode table = EventProperties.get(data, "table");
        JsonNode recordSysId = EventProperties.get(data, "record_sys_id");
        if (JsValues.isTruthy(table) && JsValues.isTruthy(recordSysId)) {
            return recordKey(table, recordSysId);
        }
        return firstTruthy(event.get("subject"), event.get("source"));
    }

    private static String cdcKey(JsonNode data) {
        JsonNode table = EventProperties.get(data, "table");
        JsonNode recordSysId = EventProperties.get(data, "record_sys_id");
        if (!JsValues.isTruthy(table) || !JsValues.isTruthy(recordSysId)) {
            throw new IllegalArgumentException(String.format(CDC_MISSING_FIELDS_FORMAT,
                    JsValues.toDisplayString(table), JsValues.toDisplayString(recordSysId)));
        }
        return recordKey(table, recordSysId);
    }

    private static String recordKey(JsonNode table, JsonNode recordSysId) {
        return JsValues.toDisplayString(table) + "/" + JsValues.toDisplayString(recordSysId);
    }

    private static String firstTruthy(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (JsValues.isTruthy(candidate)) {
                return JsValues.toDisplayString(candidate);
            }
        }
        return UNKNOWN;
    }
}
