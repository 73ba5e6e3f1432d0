package io.rezilient.restore.agent.target;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The columns of one target table, in column order. */
record TableShape(String schema, String table, Map<String, ColumnType> columns) {
    static final String KEY = "sys_id";

    TableShape {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    Optional<ColumnType> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    boolean hasAll(Collection<String> names) {
        return columns.keySet().containsAll(names);
    }

    /** The key column, which every target table must have. */
    Optional<ColumnType> key() {
        return column(KEY);
    }

    String describe() {
        return schema + "." + table;
    }
}
