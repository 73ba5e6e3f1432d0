package io.rezilient.restore.contracts.offsets;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Kafka-style offsets as the restore contracts carry them: non-negative integers written as base-10 strings of
 * any size, leading zeros stripped. Input may be a string of ASCII digits or a JSON number that is a safe
 * JavaScript integer (at most 2^53 - 1); anything else is rejected with {@link #RULE_MESSAGE}.
 */
public final class Offsets {
    public static final String RULE_MESSAGE = "must be non-negative integer offset as decimal string";

    /** Largest integer a JavaScript number holds exactly; bigger numeric offsets must be sent as strings. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private Offsets() {
    }

    /** Canonical form of a digit string ({@code "000123"} becomes {@code "123"}). */
    public static String canonicalize(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException(RULE_MESSAGE);
        }
        int firstSignificant = 0;
        while (firstSignificant < text.length() - 1 && text.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        return text.substring(firstSignificant);
    }

    /** Canonical form of a JSON string or safe-integer number. */
    public static String canonicalize(JsonNode value) {
        if (value != null && value.isTextual()) {
            return canonicalize(value.textValue());
        }
        if (value != null && value.isNumber()) {
            return canonicalizeNumber(value);
        }
        throw new IllegalArgumentException(RULE_MESSAGE);
    }

    /** True when {@code value} would canonicalise without error. */
    public static boolean isValid(JsonNode value) {
        try {
            canonicalize(value);
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /** Numeric value of a canonical (or any valid digit-string) offset. */
    public static BigInteger toBigInteger(String offset) {
        return new BigInteger(canonicalize(offset));
    }

    /** Compares two digit-string offsets numerically, whatever their leading zeros. */
    public static int compare(String left, String right) {
        return toBigInteger(left).compareTo(toBigInteger(right));
    }

    private static String canonicalizeNumber(JsonNode number) {
        if (number.isIntegralNumber()) {
            BigInteger integer = number.bigIntegerValue();
            if (integer.signum() >= 0 && integer.compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) <= 0) {
                return integer.toString();
            }
            throw new IllegalArgumentException(RULE_MESSAGE);
        }
        double d = number.doubleValue();
        // JSON literals such as 7.0 or 1e3 are plain integers to JavaScript; -0 is 0.
        if (Double.isFinite(d) && d == Math.rint(d) && d >= 0 && d <= MAX_SAFE_INTEGER) {
            return Long.toString((long) d);
        }
        if (d == 0) {
            return "0";
        }
        throw new IllegalArgumentException(RULE_MESSAGE);
    }
}
