package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.validation.Refinement;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** The field rules the execution bodies share, declared once. */
final class ExecuteFields {
    /** The most rows of a chunk ({@code chunk_size}) or a claim ({@code max_rows}), service-spec §3.5, §6.1. */
    static final int MAX_BATCH_ROWS = 1000;

    /** Every id and name of these bodies, one rule ({@link InputText#identifier()}). */
    static final Schema ID = InputText.identifier();

    static final Schema REASON_CODE = wireValues(ReasonCode.values());

    /** {@code operator_capabilities}: at least one of the four restore capabilities ({@code rrs.admin} is not one). */
    static final Schema OPERATOR_CAPABILITIES = Schemas.array(Schemas.oneOf(
            Capability.RESTORE_CAPABILITIES.stream().map(Capability::wire).sorted().toList())).min(1);

    /** {@code chunk_size} and {@code max_rows}: a whole number 1..1000. */
    static final Schema BATCH_ROWS = Schemas.number().integer().gte(1).lte(MAX_BATCH_ROWS);

    private ExecuteFields() {
    }

    static Schema wireValues(WireEnum[] constants) {
        return Schemas.oneOf(Arrays.stream(constants).map(WireEnum::wire).toList());
    }

    /**
     * Validates a whole body: a non-object is refused as the body reader refuses it, then the first issue of
     * {@code schema} becomes 400 {@code invalid_request} prefixed by where it is.
     */
    static JsonNode validate(JsonNode body, Schema schema) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest("request body must be a JSON object");
        }
        return JsonBody.validate(body, schema);
    }

    /**
     * Refuses the second element of an array whose {@code key} repeats an earlier one's, reported at that element
     * (or at its {@code keyField} when given) as {@code <what> '<key>' (also at <array>[<earlier>])}.
     */
    static Refinement unique(String array, String keyField, Function<JsonNode, String> key, String what) {
        return (elements, context) -> {
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < elements.size(); i++) {
                String value = key.apply(elements.get(i));
                Integer earlier = firstIndex.putIfAbsent(value, i);
                if (earlier != null) {
                    String message = what + " '" + value + "' (also at " + array + "[" + earlier + "])";
                    if (keyField == null) {
                        context.addIssue(message, i);
                    } else {
                        context.addIssue(message, i, keyField);
                    }
                    return;
                }
            }
        };
    }

    static Optional<String> optionalText(JsonNode parsed, String field) {
        JsonNode value = parsed.get(field);
        return value == null ? Optional.empty() : Optional.of(value.textValue());
    }

    static OptionalInt optionalInt(JsonNode parsed, String field) {
        JsonNode value = parsed.get(field);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value.asInt());
    }

    static Optional<List<String>> optionalTexts(JsonNode parsed, String field) {
        JsonNode value = parsed.get(field);
        return value == null ? Optional.empty() : Optional.of(texts(value));
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.textValue()));
        return List.copyOf(values);
    }

    /** Each element of an already-validated array, converted; an absent array is empty. */
    static <T> List<T> each(JsonNode array, Function<JsonNode, T> convert) {
        if (array == null) {
            return List.of();
        }
        List<T> values = new ArrayList<>(array.size());
        array.forEach(element -> values.add(convert.apply(element)));
        return List.copyOf(values);
    }
}
