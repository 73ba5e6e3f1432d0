package io.rezilient.restore.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a plausible instance of a request-body schema of the OpenAPI document ({@code $ref}, {@code allOf},
 * {@code const}, {@code enum}, {@code type}, {@code required}, {@code properties}, {@code items}, {@code minItems},
 * date-time and hex formats). Properties named in {@code hints} take the hinted value — the fuzz world's own tenant,
 * plan id, plan hash, tables — so that a body which survives its mutations reaches past validation into the
 * service's deeper paths. A new route's body is covered the day its schema is documented.
 */
final class SchemaInstances {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DATE_TIME = "2026-11-24T11:00:00.000Z";
    /**
     * Hints taken only now and then: with the real plan hash every honest job body creates a job, and a scope with
     * hundreds of queued jobs makes each listing slow without testing anything new.
     */
    private static final Set<String> RARE_HINTS = Set.of("plan_hash");

    private final JsonNode document;
    private final Map<String, JsonNode> hints;
    private final FuzzValues values;

    SchemaInstances(JsonNode document, Map<String, JsonNode> hints, FuzzValues values) {
        this.document = document;
        this.hints = hints;
        this.values = values;
    }

    /** The JSON request-body schema of an operation, or null when it takes none. */
    static JsonNode requestSchema(JsonNode document, String method, String path) {
        JsonNode schema = document.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT))
                .path("requestBody").path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : schema;
    }

    JsonNode instance(JsonNode schema) {
        return instance(schema, null, 0);
    }

    private JsonNode instance(JsonNode schema, String property, int depth) {
        schema = resolve(schema);
        if (property != null && hints.containsKey(property)
                && (!RARE_HINTS.contains(property) || values.chance(0.2))) {
            return hints.get(property).deepCopy();
        }
        if (schema.has("allOf")) {
            ObjectNode merged = NODES.objectNode();
            for (JsonNode part : schema.get("allOf")) {
                JsonNode piece = instance(part, property, depth);
                if (piece.isObject()) {
                    merged.setAll((ObjectNode) piece);
                }
            }
            return merged;
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.has("enum")) {
            JsonNode options = schema.get("enum");
            JsonNode chosen = options.get(values.random().nextInt(options.size()));
            return chosen.isNull() ? options.get(0).deepCopy() : chosen.deepCopy();
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, property, depth);
            case "integer" -> NODES.numberNode(schema.path("minimum").asLong(0) + values.random().nextInt(3));
            case "number" -> NODES.numberNode(values.random().nextInt(100));
            case "boolean" -> NODES.booleanNode(values.random().nextBoolean());
            case "string" -> NODES.textNode(string(schema));
            default -> NODES.nullNode();
        };
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (required.contains(field.getKey()) || (depth < 4 && values.chance(0.4))) {
                object.set(field.getKey(), instance(field.getValue(), field.getKey(), depth + 1));
            }
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, String property, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(schema.path("minItems").asInt(0), 1 + values.random().nextInt(2));
        for (int i = 0; i < count; i++) {
            // items of a hinted array (tables, sys_ids) take the hint of the array's own name
            array.add(instance(schema.path("items"), property == null ? null : property + "[]", depth + 1));
        }
        return array;
    }

    private String string(JsonNode schema) {
        if ("date-time".equals(schema.path("format").asText())) {
            return DATE_TIME;
        }
        if (schema.path("pattern").asText().contains("0-9a-fA-F")) {
            return "0123456789abcdef".repeat(4);
        }
        return values.pick(java.util.List.of("incident", "fuzz-value", "a"));
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (!"null".equals(option.asText())) {
                    return option.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText(); // #/components/schemas/Name
            schema = document.at(ref.substring(1));
        }
        return schema;
    }
}
