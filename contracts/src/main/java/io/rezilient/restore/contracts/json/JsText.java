package io.rezilient.restore.contracts.json;

/**
 * Trimming and blankness as the reference decides them ({@code String.prototype.trim}): tab, vertical tab, form
 * feed, BOM, line terminators and every Unicode space separator are whitespace; other control characters are not.
 * {@link String#trim} would also strip control characters (an identifier ending in U+0001 must survive) and
 * {@link String#strip} keeps U+FEFF, so neither matches.
 */
public final class JsText {
    private JsText() {
    }

    /** {@code text} without leading and trailing JavaScript whitespace. */
    public static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** True when {@code text} is empty after {@link #trim}. */
    public static boolean isBlank(String text) {
        return trim(text).isEmpty();
    }

    private static boolean isWhitespace(char c) {
        return switch (c) {
            case '\t', '\u000B', '\f', '\uFEFF', '\n', '\r', '\u2028', '\u2029' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
