package io.rezilient.restore.contracts.cursor;

/**
 * JavaScript's idea of whitespace ({@code String.prototype.trim}): tab, vertical tab, form feed, BOM, every
 * Unicode space separator and the four line terminators. Neither {@link String#trim} (which also strips control
 * characters) nor {@link String#strip} (which keeps no-break spaces) matches it, and the reference decides
 * "blank" with {@code trim()}.
 */
final class JsWhitespace {
    private JsWhitespace() {
    }

    static boolean isWhitespace(char c) {
        return switch (c) {
            case '\t', '\u000B', '\f', '\uFEFF', '\n', '\r', '\u2028', '\u2029' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }

    static String trim(String text) {
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

    static boolean isBlank(String text) {
        return trim(text).isEmpty();
    }
}
