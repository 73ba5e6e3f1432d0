package io.rezilient.restore.service.plans;

import io.rezilient.restore.service.index.IndexedEvent;
import io.rezilient.restore.service.plans.query.EncodedQuery;
import io.rezilient.restore.service.plans.query.RecordFacts;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The record filter of {@code record} and {@code column} scopes (the reference ignores both): explicit
 * {@code record_sys_ids} and an {@code encoded_query}, which must both hold when both are given. The query is
 * evaluated on the indexed metadata of the record's version that decides the plan — its PIT winner, or for a
 * record created after the PIT its latest version — because the service never sees record values.
 */
final class RecordFilter {
    private static final RecordFilter EVERYTHING = new RecordFilter(Optional.empty(), Optional.empty());

    private final Optional<Set<String>> sysIds;
    private final Optional<EncodedQuery> query;

    RecordFilter(Optional<Set<String>> sysIds, Optional<EncodedQuery> query) {
        this.sysIds = Objects.requireNonNull(sysIds, "sysIds").map(Set::copyOf);
        this.query = Objects.requireNonNull(query, "query");
    }

    /** Table mode: every record of the tables. */
    static RecordFilter everything() {
        return EVERYTHING;
    }

    boolean matches(String table, String recordSysId, IndexedEvent version) {
        if (sysIds.isPresent() && !sysIds.get().contains(recordSysId)) {
            return false;
        }
        return query.isEmpty() || query.get().matches(new RecordFacts(recordSysId, table, version.sysUpdatedOn(),
                version.sysModCount(), version.operation(), version.eventType()));
    }
}
