package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The execution's row outcomes reduced to what an auditor reads: counts per table, and the rows that were not applied
 * with their reasons. Applied rows are only counted (a restore of 100,000 rows would otherwise make a page nobody can
 * open), and at most {@code listLimit} other rows are kept; the rest are counted as unlisted.
 */
final class RowOutcomeTally {
    static final String APPLIED = "applied";
    static final String SKIPPED = "skipped";
    static final String FAILED = "failed";

    /** The outcomes of one table's rows. */
    static final class TableCounts {
        private long applied;
        private long skipped;
        private long failed;
        private long other;

        long applied() {
            return applied;
        }

        long skipped() {
            return skipped;
        }

        long failed() {
            return failed;
        }

        /** Rows whose outcome is none of applied, skipped or failed (not in the contract; shown, not hidden). */
        long other() {
            return other;
        }

        long total() {
            return applied + skipped + failed + other;
        }
    }

    private final int listLimit;
    private final SortedMap<String, TableCounts> byTable = new TreeMap<>();
    private final TableCounts totals = new TableCounts();
    private final List<JsonNode> notApplied = new ArrayList<>();
    private long unlisted;

    RowOutcomeTally(int listLimit) {
        if (listLimit < 0) {
            throw new IllegalArgumentException("listLimit must not be negative: " + listLimit);
        }
        this.listLimit = listLimit;
    }

    void add(JsonNode rowOutcome) {
        String table = rowOutcome.path("table").asText("");
        TableCounts counts = byTable.computeIfAbsent(table, name -> new TableCounts());
        String outcome = rowOutcome.path("outcome").asText("");
        switch (outcome) {
            case APPLIED -> {
                counts.applied++;
                totals.applied++;
            }
            case SKIPPED -> {
                counts.skipped++;
                totals.skipped++;
            }
            case FAILED -> {
                counts.failed++;
                totals.failed++;
            }
            default -> {
                counts.other++;
                totals.other++;
            }
        }
        if (!APPLIED.equals(outcome)) {
            if (notApplied.size() < listLimit) {
                notApplied.add(rowOutcome);
            } else {
                unlisted++;
            }
        }
    }

    /** Counts per table, by table name. */
    Map<String, TableCounts> byTable() {
        return Collections.unmodifiableSortedMap(byTable);
    }

    TableCounts totals() {
        return totals;
    }

    /** The first rows (in execution order) that were not applied, at most the list limit of them. */
    List<JsonNode> notApplied() {
        return Collections.unmodifiableList(notApplied);
    }

    /** How many more rows were not applied than {@link #notApplied()} holds. */
    long unlisted() {
        return unlisted;
    }
}
