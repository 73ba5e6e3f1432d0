package io.rezilient.restore.contracts.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How JavaScript sees the scalars of a Jackson tree. {@code JSON.parse} turns every number into an IEEE double
 * (so {@code 12345678901234567890} is {@code 12345678901234567000}); Jackson keeps big integers and decimals exact,
 * so anything that must behave like the reference reads numbers through here.
 */
public final class JsValues {
    private JsValues() {
    }

    /** The double {@code JSON.parse} would have produced for this number node (correctly rounded). */
    public static double toDouble(JsonNode number) {
        if (number.isBigInteger() || number.isBigDecimal()) {
            return Double.parseDouble(number.numberValue().toString());
        }
        return number.doubleValue();
    }

    /**
     * JavaScript truthiness for a property read: absent, {@code null}, {@code false}, {@code 0}, NaN and {@code ""}
     * are falsy, everything else (objects and arrays included) is truthy.
     */
    public static boolean isTruthy(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            double value = toDouble(node);
            return value != 0 && !Double.isNaN(value);
        }
        if (node.isTextual()) {
            return !node.textValue().isEmpty();
        }
        return true;
    }

    /**
     * {@code String(value)} for a property read, as a template literal prints it: {@code undefined} for absent,
     * {@code null}, numbers as {@link JsNumbers}, strings as-is, objects as {@code [object Object]}, arrays joined
     * with commas.
     */
    public static String toDisplayString(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "undefined";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return JsNumbers.toString(toDouble(node));
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    joined.append(',');
                }
                JsonNode element = node.get(i);
                if (element != null && !element.isNull() && !element.isMissingNode()) {
                    joined.append(toDisplayString(element));
                }
            }
            return joined.toString();
        }
        return "[object Object]";
    }
}
