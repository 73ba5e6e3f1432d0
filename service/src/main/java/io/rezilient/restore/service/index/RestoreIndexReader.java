package io.rezilient.restore.service.index;

import java.util.function.Consumer;

/** The scoped PIT candidate lookup the planner resolves rows from (service-spec §4.3). */
public interface RestoreIndexReader {
    /**
     * Streams the lookup's records to {@code consumer}, one {@link RecordCandidates} per record, ordered by table
     * then record sys_id (byte order), each complete before the next starts. Only one record's events are held in
     * memory at a time, so the consumer decides what to keep. The consumer runs while the lookup holds a pooled
     * connection and an open cursor: it should collect or compute, not wait on other I/O.
     *
     * @throws RestoreIndexUnavailableException when the index cannot be read (exceptions of the consumer propagate
     *                                          unchanged)
     */
    LookupSummary stream(CandidateQuery query, Consumer<RecordCandidates> consumer);
}
