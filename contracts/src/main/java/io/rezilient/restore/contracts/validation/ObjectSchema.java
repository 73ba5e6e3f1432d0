package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.JsPropertyOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object with declared fields. Fields are validated in declaration order (not input order), and an
 * {@code unrecognized_keys} issue for undeclared keys comes after all field issues; both are what make the
 * reference's first issue predictable. Contract objects are strict by default.
 */
public final class ObjectSchema extends Schema {
    /** What happens to keys the schema does not declare. */
    public enum UnknownKeys {
        /** Rejected with one aborting {@code unrecognized_keys} issue listing them in JavaScript key order. */
        STRICT,
        /** Silently left out of the parsed value (zod's default). */
        STRIP,
        /** Copied unchanged into the parsed value. */
        PASSTHROUGH
    }

    private final Map<String, Schema> fields;
    private final UnknownKeys unknownKeys;

    ObjectSchema(Map<String, Schema> fields, UnknownKeys unknownKeys) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.unknownKeys = unknownKeys;
    }

    /** This object with one more field, declared after the existing ones (a redeclared field keeps its place). */
    public ObjectSchema field(String name, Schema schema) {
        Map<String, Schema> more = new LinkedHashMap<>(fields);
        more.put(name, schema);
        return new ObjectSchema(more, unknownKeys);
    }

    /** This object with every field of {@code other} added after its own. */
    public ObjectSchema extend(ObjectSchema other) {
        Map<String, Schema> more = new LinkedHashMap<>(fields);
        more.putAll(other.fields);
        return new ObjectSchema(more, unknownKeys);
    }

    /** This object with a different policy for undeclared keys. */
    public ObjectSchema unknownKeys(UnknownKeys policy) {
        return new ObjectSchema(fields, policy);
    }

    @Override
    Payload run(JsonNode input) {
        if (input == null || !input.isObject()) {
            return rejectType(input, "object");
        }
        ObjectNode parsed = JsonNodeFactory.instance.objectNode();
        Payload payload = new Payload(parsed);
        fields.forEach((name, schema) -> {
            Payload field = schema.run(input.get(name));
            payload.adopt(name, field);
            if (field.value != null) {
                parsed.set(name, field.value);
            }
        });
        List<String> unrecognized = new ArrayList<>();
        for (String key : JsPropertyOrder.ownKeys(input)) {
            if (fields.containsKey(key)) {
                continue;
            }
            switch (unknownKeys) {
                case STRICT -> unrecognized.add(key);
                case PASSTHROUGH -> parsed.set(key, input.get(key));
                case STRIP -> { }
            }
        }
        if (!unrecognized.isEmpty()) {
            Issue issue = new Issue(IssueCode.UNRECOGNIZED_KEYS, List.of(),
                    BuiltInMessages.unrecognizedKeys(unrecognized), unrecognized);
            payload.findings.add(new Finding(issue, false));
        }
        return payload;
    }
}
