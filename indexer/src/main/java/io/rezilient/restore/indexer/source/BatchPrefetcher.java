package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.SourceCursorState;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the next batch in the background while the worker normalises and writes the current one, so object-store
 * reads (the indexer's CPU) overlap with the database write (PostgreSQL's CPU). A prefetched batch is handed out only
 * for exactly the cursor and limit it was read for; anything else, or a prefetch that failed, is discarded and the
 * caller reads afresh. Reads have no side effects, so a discarded prefetch costs only the work it did.
 */
final class BatchPrefetcher implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rez-indexer-prefetch");
        thread.setDaemon(true); // never keeps a stopping JVM alive
        return thread;
    });
    private Pending pending;

    private record Pending(SourceCursorState cursor, int limit, Future<SourceBatch> batch) {
    }

    /** Starts reading the batch after {@code cursor}; replaces (after waiting for) any prefetch still pending. */
    synchronized void start(SourceCursorState cursor, int limit, Callable<SourceBatch> read) {
        drain();
        pending = new Pending(cursor, limit, executor.submit(read));
    }

    /**
     * The prefetched batch for {@code cursor} and {@code limit}, or empty. Always waits for a read in flight first,
     * so on return nothing runs in the background and the caller may use the source itself.
     */
    synchronized Optional<SourceBatch> take(SourceCursorState cursor, int limit) {
        if (pending == null) {
            return Optional.empty();
        }
        Pending taken = pending;
        Optional<SourceBatch> batch = drain();
        return taken.cursor().equals(cursor) && taken.limit() == limit ? batch : Optional.empty();
    }

    @Override
    public synchronized void close() {
        executor.shutdownNow();
        pending = null;
    }

    private Optional<SourceBatch> drain() {
        if (pending == null) {
            return Optional.empty();
        }
        Future<SourceBatch> batch = pending.batch();
        pending = null;
        try {
            return Optional.of(batch.get());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException failed) {
            return Optional.empty(); // the caller's own read meets the same failure and reports it
        }
    }
}
