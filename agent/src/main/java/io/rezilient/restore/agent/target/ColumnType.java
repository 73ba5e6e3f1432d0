package io.rezilient.restore.agent.target;

import java.util.Set;

/**
 * One target column as {@code information_schema.columns} describes it. Values arrive as strings; each is bound
 * with an explicit cast to the column's type ({@link #castTarget()}), so PostgreSQL parses it as that type's text
 * form and any type works without the writer knowing it.
 *
 * @param dataType  {@code data_type}, e.g. {@code character varying}, {@code integer}, {@code USER-DEFINED}
 * @param udtSchema {@code udt_schema} of the underlying type, e.g. {@code pg_catalog}
 * @param udtName   {@code udt_name} of the underlying type, e.g. {@code int4}, {@code _text} (an array)
 */
record ColumnType(String name, String dataType, String udtSchema, String udtName) {
    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "character");
    private static final Set<String> TEXT_UDTS = Set.of("citext");

    /** Whether the column holds text as given: an empty string stays one. Other types read it as NULL. */
    boolean textLike() {
        return TEXT_TYPES.contains(dataType) || TEXT_UDTS.contains(udtName);
    }

    /** The type to cast a bound string to: {@code "pg_catalog"."int4"}. */
    String castTarget() {
        return SqlIdentifiers.quoteCatalogName(udtSchema) + "." + SqlIdentifiers.quoteCatalogName(udtName);
    }
}
