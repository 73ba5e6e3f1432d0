package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.JsNumbers;
import io.rezilient.restore.contracts.json.JsValues;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * zod 4's English wording for its built-in issues ({@code Invalid input: expected string, received undefined},
 * {@code Too small: expected number to be >0}, ...). The reference returns these texts in API errors, so we
 * reproduce them rather than invent our own.
 */
public final class BuiltInMessages {
    /** Message of {@code invalid_union} and of a {@code custom} issue without its own text. */
    public static final String INVALID_INPUT = "Invalid input";

    /** Units zod names when a minimum or maximum counts elements rather than compares values. */
    private static final Map<String, String> SIZE_UNITS = Map.of("string", "characters", "array", "items");

    private BuiltInMessages() {
    }

    /** {@code Invalid input: expected <expected>, received <type of input>}. */
    public static String invalidType(String expected, JsonNode input) {
        return "Invalid input: expected " + expected + ", received " + receivedType(input);
    }

    /** {@code Invalid input: expected "x"} for one allowed value, {@code Invalid option: expected one of "a"|"b"} else. */
    public static String invalidValue(List<String> allowed) {
        if (allowed.size() == 1) {
            return "Invalid input: expected " + quoted(allowed.get(0));
        }
        return "Invalid option: expected one of "
                + allowed.stream().map(BuiltInMessages::quoted).collect(Collectors.joining("|"));
    }

    /** {@code Too small: expected string to have >=1 characters} or {@code Too small: expected number to be >0}. */
    public static String tooSmall(String origin, double minimum, boolean inclusive) {
        return bound("Too small", origin, inclusive ? ">=" : ">", minimum);
    }

    /** {@code Too big: expected array to have <=4 items} or {@code Too big: expected number to be <=10}. */
    public static String tooBig(String origin, double maximum, boolean inclusive) {
        return bound("Too big", origin, inclusive ? "<=" : "<", maximum);
    }

    /** {@code Unrecognized key: "x"} or {@code Unrecognized keys: "x", "y"}. */
    public static String unrecognizedKeys(List<String> keys) {
        return "Unrecognized key" + (keys.size() > 1 ? "s" : "") + ": "
                + keys.stream().map(BuiltInMessages::quoted).collect(Collectors.joining(", "));
    }

    /** zod's default text for a failed {@code .regex()}, given the JavaScript regex literal, e.g. {@code /^P\d+D$/i}. */
    public static String patternMismatch(String jsRegexLiteral) {
        return "Invalid string: must match pattern " + jsRegexLiteral;
    }

    /** zod's name for the JavaScript type of a value ({@code undefined} when absent). */
    public static String receivedType(JsonNode input) {
        if (input == null || input.isMissingNode()) {
            return "undefined";
        }
        return switch (input.getNodeType()) {
            case NULL -> "null";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NUMBER -> Double.isNaN(JsValues.toDouble(input)) ? "NaN" : "number";
            default -> "object";
        };
    }

    private static String bound(String prefix, String origin, String comparison, double limit) {
        String unit = SIZE_UNITS.get(origin);
        String limitText = JsNumbers.toString(limit);
        return unit == null
                ? prefix + ": expected " + origin + " to be " + comparison + limitText
                : prefix + ": expected " + origin + " to have " + comparison + limitText + " " + unit;
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
