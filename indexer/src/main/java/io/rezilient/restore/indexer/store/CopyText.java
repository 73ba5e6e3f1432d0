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
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
