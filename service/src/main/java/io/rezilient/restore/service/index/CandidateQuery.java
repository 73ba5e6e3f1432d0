package io.rezilient.restore.service.index;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scoped PIT candidate lookup (indexer-spec §9): tables and optional record ids are trimmed, blank values
 * dropped, de-duplicated and sorted, so equal requests give equal SQL and equal results.
 *
 * @param scope                 tenant/instance/source
 * @param tables                at least one table
 * @param recordSysIds          empty for table mode (every record with events in the tables), else a non-empty set
 * @param pitCutoff             {@code pit.restore_time}; an event exactly at the cutoff is a candidate
 * @param includeEventsAfterPit also read events after the cutoff, so records created after the PIT are reported
 *                              (delete candidates); costs a read of the tables' whole history
 */
public record CandidateQuery(IndexScope scope, List<String> tables, Optional<List<String>> recordSysIds,
                             Instant pitCutoff, boolean includeEventsAfterPit) {
    public CandidateQuery {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(pitCutoff, "pitCutoff");
        tables = normalized(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("indexed-event lookup tables must contain at least one value");
        }
        recordSysIds = Objects.requireNonNull(recordSysIds, "recordSysIds").map(CandidateQuery::normalized);
        if (recordSysIds.isPresent() && recordSysIds.get().isEmpty()) {
            throw new IllegalArgumentException("indexed-event lookup recordSysIds must contain at least one value");
        }
    }

    /** Table mode: every record of the tables, candidates at or before the cutoff only. */
    public static CandidateQuery tables(IndexScope scope, Collection<String> tables, Instant pitCutoff) {
        return new CandidateQuery(scope, List.copyOf(tables), Optional.empty(), pitCutoff, false);
    }

    /** Record mode: only these record sys_ids of the tables. */
    public static CandidateQuery records(IndexScope scope, Collection<String> tables, Collection<String> recordSysIds,
                                         Instant pitCutoff) {
        return new CandidateQuery(scope, List.copyOf(tables), Optional.of(List.copyOf(recordSysIds)), pitCutoff,
                false);
    }

    /** The same lookup, also reporting each record's events after the cutoff. */
    public CandidateQuery withEventsAfterPit() {
        return new CandidateQuery(scope, tables, recordSysIds, pitCutoff, true);
    }

    private static List<String> normalized(Collection<String> values) {
        Objects.requireNonNull(values, "values");
        return values.stream().filter(Objects::nonNull).map(String::trim).filter(v -> !v.isEmpty())
                .distinct().sorted().toList();
    }
}
