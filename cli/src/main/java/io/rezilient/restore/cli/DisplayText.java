package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;

import java.util.ArrayList;
import java.util.List;

/** A JSON value from an evidence artifact as the text a person reads in the report. */
final class DisplayText {
    static final String NOT_RECORDED = "not recorded";

    private DisplayText() {
    }

    /**
     * Strings as they are, numbers and booleans as JSON writes them, arrays of plain values joined with commas,
     * anything else as compact JSON; a missing field or null says it was not recorded.
     */
    static String of(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return NOT_RECORDED;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isValueNode()) {
            return value.toString();
        }
        if (value.isArray() && allPlain(value)) {
            if (value.isEmpty()) {
                return "none";
            }
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(of(item)));
            return String.join(", ", items);
        }
        return Json.write(value);
    }

    /** A field of {@code object}, or {@link #NOT_RECORDED}. */
    static String field(JsonNode object, String name) {
        return of(object.path(name));
    }

    /** An object's fields on one line, {@code "total 2, unresolved 1"}; anything else as {@link #of}. */
    static String summary(JsonNode object) {
        if (!object.isObject() || object.isEmpty()) {
            return of(object);
        }
        List<String> parts = new ArrayList<>();
        object.properties().forEach(field -> parts.add(field.getKey() + " " + of(field.getValue())));
        return String.join(", ", parts);
    }

    /** Every field of a JSON object as a labelled value, in the object's order; nothing for anything else. */
    static List<ReportMarkup.Fact> facts(JsonNode object) {
        List<ReportMarkup.Fact> facts = new ArrayList<>();
        if (object.isObject()) {
            object.properties().forEach(field -> facts.add(ReportMarkup.Fact.text(field.getKey(),
                    of(field.getValue()))));
        }
        return facts;
    }

    private static boolean allPlain(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return false;
            }
        }
        return true;
    }
}
