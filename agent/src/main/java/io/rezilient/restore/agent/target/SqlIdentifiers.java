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

    static boolean isPlain(String name) {
        return name != null && name.length() <= MAX_LENGTH && PLAIN.matcher(name).matches();
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
