package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;

import java.util.Map;

/**
 * Conformance family {@code canonical_json}: parses {@code input_json_text} (numbers as doubles, like
 * {@code JSON.parse}) and compares canonical text, SHA-256 and UTF-8 length with the reference. {@code js_only}
 * cases carry {@code input_tagged}, whose {@code {"$js": ...}} placeholders are rebuilt as the JavaScript values
 * they stand for ({@code undefined}, NaN, ±Infinity, -0), so those cases run too.
 */
public final class CanonicalJsonFamily implements ConformanceFamily {
    private static final String JS_TAG = "$js";
    private static final Map<String, JsonNode> JS_VALUES = Map.of(
            "undefined", MissingNode.getInstance(),
            "NaN", DoubleNode.valueOf(Double.NaN),
            "Infinity", DoubleNode.valueOf(Double.POSITIVE_INFINITY),
            "-Infinity", DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
            "-0", DoubleNode.valueOf(-0.0d));

    @Override
    public String name() {
        return "canonical_json";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.has("input_json_text")
                ? Json.parse(vectorCase.get("input_json_text").textValue())
                : untag(vectorCase.get("input_tagged"));
        String canonical = CanonicalJson.stringify(input);
        JsonNode expected = vectorCase.get("expected");
        CaseResult text = CaseResult.expectEqual("canonical_json", expected.get("canonical_json").textValue(), canonical);
        if (text.status() != CaseResult.Status.PASSED) {
            return text;
        }
        CaseResult hash = CaseResult.expectEqual("sha256", expected.get("sha256").textValue(),
                CanonicalJson.sha256Hex(canonical));
        if (hash.status() != CaseResult.Status.PASSED) {
            return hash;
        }
        return CaseResult.expectEqual("utf8_bytes", expected.get("utf8_bytes").intValue(),
                JsStrings.utf8(canonical).length);
    }

    /** Replaces every {@code {"$js": name}} placeholder with the value it names. */
    static JsonNode untag(JsonNode tagged) {
        if (tagged.isObject()) {
            if (tagged.size() == 1 && tagged.has(JS_TAG)) {
                JsonNode value = JS_VALUES.get(tagged.get(JS_TAG).asText());
                if (value == null) {
                    throw new IllegalArgumentException("unknown $js placeholder: " + tagged);
                }
                return value;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            tagged.properties().forEach(field -> copy.set(field.getKey(), untag(field.getValue())));
            return copy;
        }
        if (tagged.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            tagged.forEach(element -> copy.add(untag(element)));
            return copy;
        }
        return tagged;
    }
}
