package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.service.index.IndexedEvent;
import io.rezilient.restore.service.index.PartitionRef;
import io.rezilient.restore.service.index.PitWinner;
import io.rezilient.restore.service.index.RecordCandidates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Turns the index's streamed records into draft rows (service-spec §4.4–§4.5) and delete candidates, keeping only a
 * small window of records in memory. Records are filtered on their PIT winner's indexed metadata first, so a
 * narrow query over a large table reads only the artifact bodies it needs; the bodies of one window are read in
 * parallel (object stores answer one key at a time, and a 100,000-record plan reads 100,000 of them).
 */
final class DraftMaterialization implements Consumer<RecordCandidates>, AutoCloseable {
    static final int WINDOW = 128;

    private final RecordMaterializer materializer;
    private final RecordFilter filter;
    private final boolean deleteCandidatesApply;
    private final Consumer<DraftRow> sink;
    private final DeleteCandidates deleteCandidates;
    private final ActionCounts counts = new ActionCounts();
    private final SortedSet<PartitionRef> partitions = new TreeSet<>();
    private final Set<String> matchedSysIds = new HashSet<>();
    private final List<RecordCandidates> window = new ArrayList<>(WINDOW);
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param deleteCandidatesApply false in column mode: restoring columns never removes a record
     * @param sink                  receives every row, in index order (not row-id order)
     */
    DraftMaterialization(RecordMaterializer materializer, RecordFilter filter, boolean deleteCandidatesApply,
                         DeleteCandidates deleteCandidates, Consumer<DraftRow> sink) {
        this.materializer = Objects.requireNonNull(materializer, "materializer");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.deleteCandidatesApply = deleteCandidatesApply;
        this.deleteCandidates = Objects.requireNonNull(deleteCandidates, "deleteCandidates");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void accept(RecordCandidates record) {
        if (record.createdAfterPit()) {
            considerForDeletion(record);
            return;
        }
        Optional<IndexedEvent> winner = winnerForFilter(record);
        if (winner.isPresent() && !filter.matches(record.table(), record.recordSysId(), winner.get())) {
            return;
        }
        window.add(record);
        if (window.size() == WINDOW) {
            flush();
        }
    }

    /** Materialises what is still buffered; call once after the lookup ends. */
    void finish() {
        flush();
    }

    ActionCounts counts() {
        return counts;
    }

    /** Distinct {@code (topic, partition)} of the rows' winners, sorted. */
    SortedSet<PartitionRef> partitions() {
        return Collections.unmodifiableSortedSet(partitions);
    }

    /** The sys_ids that produced a row or a delete candidate (to check explicitly requested records). */
    Set<String> matchedSysIds() {
        return Collections.unmodifiableSet(matchedSysIds);
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    private void considerForDeletion(RecordCandidates record) {
        IndexedEvent latest = record.afterPit().orElseThrow().latest();
        boolean deletedAtSource = SourceOperation.DELETE.wire().equals(latest.operation());
        if (!deleteCandidatesApply || deletedAtSource
                || !filter.matches(record.table(), record.recordSysId(), latest)) {
            return;
        }
        matchedSysIds.add(record.recordSysId());
        deleteCandidates.foundCreatedAfterPit(record.table(), record.recordSysId());
    }

    /**
     * The winner the filter looks at; empty when there is none (the materialiser then reports why, or skips a
     * record with only media events).
     */
    private static Optional<IndexedEvent> winnerForFilter(RecordCandidates record) {
        PitWinner.Selection selection = PitWinner.select(record.candidates());
        return Optional.ofNullable(selection.winner());
    }

    private void flush() {
        if (window.isEmpty()) {
            return;
        }
        List<Future<Optional<DraftRow>>> pending = new ArrayList<>(window.size());
        for (RecordCandidates record : window) {
            pending.add(readers.submit(() -> materializer.materializeIfRowCapable(record)));
        }
        for (Future<Optional<DraftRow>> future : pending) {
            awaitRow(future).ifPresent(this::emit);
        }
        window.clear();
    }

    private void emit(DraftRow draft) {
        sink.accept(draft);
        counts.countRow(draft.row().action());
        matchedSysIds.add(draft.row().recordSysId());
        RowPartitions.of(draft.row()).ifPresent(partitions::add);
    }

    private static Optional<DraftRow> awaitRow(Future<Optional<DraftRow>> future) {
        try {
            return future.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while materialising plan rows", interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }
}
