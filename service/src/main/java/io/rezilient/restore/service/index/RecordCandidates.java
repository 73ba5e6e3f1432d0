package io.rezilient.restore.service.index;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the index holds for one record of a lookup.
 *
 * @param candidates events at or before the PIT cutoff, in the §4.3 order (newest version first)
 * @param afterPit   the record's events after the cutoff, when the query asked for them
 */
public record RecordCandidates(String table, String recordSysId, List<IndexedEvent> candidates,
                               Optional<AfterPit> afterPit) {
    public RecordCandidates {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordSysId, "recordSysId");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(afterPit, "afterPit");
        if (candidates.isEmpty() && afterPit.isEmpty()) {
            throw new IllegalArgumentException("a record without events is not a lookup result");
        }
    }

    /** {@code "{table}|{record_sys_id}"}, the planner's group key. */
    public String key() {
        return table + "|" + recordSysId;
    }

    /**
     * True when the record has no event at or before the PIT but has some after it: it did not exist at the PIT,
     * so restoring to the PIT makes it a delete candidate (unless its latest event is already a delete).
     */
    public boolean createdAfterPit() {
        return candidates.isEmpty() && afterPit.isPresent();
    }

    /**
     * Summary of a record's events after the cutoff: enough to decide "created after the PIT" and whether the
     * record still exists at the source, without shipping its whole later history.
     *
     * @param earliest the first event after the cutoff (by event time)
     * @param latest   the last event after the cutoff (by event time)
     * @param count    how many events after the cutoff
     */
    public record AfterPit(IndexedEvent earliest, IndexedEvent latest, long count) {
        public AfterPit {
            Objects.requireNonNull(earliest, "earliest");
            Objects.requireNonNull(latest, "latest");
            if (count < 1) {
                throw new IllegalArgumentException("count must be >= 1");
            }
        }

        AfterPit with(IndexedEvent event) {
            IndexedEvent first = event.eventTime().isBefore(earliest.eventTime()) ? event : earliest;
            IndexedEvent last = event.eventTime().isAfter(latest.eventTime()) ? event : latest;
            return new AfterPit(first, last, count + 1);
        }
    }
}
