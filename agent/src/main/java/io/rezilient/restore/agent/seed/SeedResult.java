package io.rezilient.restore.agent.seed;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a seed loaded.
 *
 * @param at          the time whose record states were loaded
 * @param rowsByTable rows loaded per table (every captured table, zero when no record existed at {@code at})
 */
public record SeedResult(String schema, Instant at, SortedMap<String, Integer> rowsByTable) {
    public SeedResult {
        rowsByTable = Collections.unmodifiableSortedMap(new TreeMap<>(rowsByTable));
    }

    public int totalRows() {
        return rowsByTable.values().stream().mapToInt(Integer::intValue).sum();
    }
}
