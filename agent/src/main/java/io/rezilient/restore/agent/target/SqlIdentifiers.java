package io.rezilient.restore.agent.target;

import java.util.regex.Pattern;

/**
 * The only way names reach SQL text. Names that come with the data (tables, fields, column-scope columns) must be
 * plain identifiers and are then quoted as they are, so they address exactly the catalog name; names read from the
 * catalog itself (type names) are quoted with their double quotes escaped.
 */
final class SqlIdentifiers {
    /** PostgreSQL cuts longer names to this many bytes, so a longer one would address another object. */
    static final int MAX_LENGTH = 63;
    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private SqlIdentifiers() {
    }

    /** Whether {@code name} matches {@link #PLAIN} and fits; checked per value of every row, so without a regex. */
    static boolean isPlain(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code "name"} for a plain identifier; anything else is refused, never escaped into SQL. */
    static String quote(String name) {
        if (!isPlain(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier ("
                    + PLAIN.pattern() + ", at most " + MAX_LENGTH + " characters)");
        }
        return '"' + name + '"';
    }

    /** {@code "schema"."table"} for plain identifiers. */
    static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** A catalog name (any characters) as a quoted identifier. */
    static String quoteCatalogName(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
