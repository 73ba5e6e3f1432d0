package io.rezilient.restore.indexer.store;

/**
 * A value in PostgreSQL's COPY text format: {@code \N} for NULL, and the characters that delimit rows and columns
 * (and the escape itself) written as backslash escapes, so any text — keys, ids, free-form metadata — arrives as it is.
 */
final class CopyText {
    private CopyText() {
    }

    static void append(Object value, StringBuilder out) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String text = value.toString();
        // almost every value (keys, ids, numbers, timestamps) has nothing to escape: copy runs of plain characters
        // whole, which is one bulk copy for such a value instead of one append per character
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            String escape = escape(text.charAt(i));
            if (escape != null) {
                out.append(text, plainFrom, i).append(escape);
                plainFrom = i + 1;
            }
        }
        out.append(text, plainFrom, text.length());
    }

    /** The escape for {@code c}, or null when it stands for itself. */
    private static String escape(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
        };
    }
}
