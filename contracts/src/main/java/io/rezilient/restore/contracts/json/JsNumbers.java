package io.rezilient.restore.contracts.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript {@code Number::toString} for doubles, which is what {@code JSON.stringify} and {@code String(n)} print.
 * Java's {@link Double#toString} differs ({@code 1.0}, {@code 1.0E21}, {@code 4.9E-324}), so every number that ends up
 * in canonical JSON, a hash input or a message must be formatted here.
 */
public final class JsNumbers {
    /** Largest integer a double holds exactly, so smaller integral values need no digit search. */
    private static final double EXACT_INTEGER_LIMIT = 9_007_199_254_740_992d;
    /** Doubles never need more than 17 significant digits to round-trip. */
    private static final int MAX_SIGNIFICANT_DIGITS = 17;
    /** JavaScript switches to exponent notation at or above 10^21 (and below 10^-6). */
    private static final int MAX_PLAIN_EXPONENT = 21;
    private static final int MIN_PLAIN_EXPONENT = -6;

    private JsNumbers() {
    }

    /** The text JavaScript prints for {@code value}: {@code 1}, {@code 2.5}, {@code 1e+21}, {@code 5e-324}, {@code NaN}. */
    public static String toString(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return "0"; // both +0 and -0
        }
        if (value < 0) {
            return "-" + toString(-value);
        }
        if (value < EXACT_INTEGER_LIMIT && value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        BigDecimal shortest = shortestRoundTrip(value).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        // value = 0.<digits> x 10^pointPosition, the "n" of the ECMAScript algorithm
        int pointPosition = digits.length() - shortest.scale();
        return layout(digits, pointPosition);
    }

    /**
     * The decimal with the fewest significant digits that parses back to {@code value}; among those, the one nearest
     * the exact binary value. Rounding the exact value gives the nearest candidate of each length, and the set of
     * decimals that round-trip is an interval around the value, so the first length that round-trips is the answer.
     */
    private static BigDecimal shortestRoundTrip(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < MAX_SIGNIFICANT_DIGITS; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(candidate.toString()) == value) {
                return candidate;
            }
        }
        return exact.round(new MathContext(MAX_SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN));
    }

    private static String layout(String digits, int n) {
        int k = digits.length();
        if (k <= n && n <= MAX_PLAIN_EXPONENT) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= MAX_PLAIN_EXPONENT) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (MIN_PLAIN_EXPONENT < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
