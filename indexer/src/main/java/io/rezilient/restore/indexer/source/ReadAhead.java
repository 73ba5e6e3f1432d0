package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.SourceCursorState;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Keeps the source's object reads in flight across batch boundaries. Against a remote store most of a batch's time
 * is round trips: reading one batch at a time leaves the reads in flight to drain at every batch's tail and to wait
 * for the next batch's listing. So while the worker writes batch k, batches k+1 and k+2 are already selected (listed)
 * and being read, their reads queued behind each other's on the process's fair read permits.
 *
 * <p>Only selection needs to run in order: a batch's selection depends on the cursor only through what the keys
 * alone decide (scan cursor, replay state, per-partition next offsets), so the batch after k is selected from k's
 * keys before k's objects are read. All selections, including a fresh one, run on one thread, because the listers are
 * not thread-safe. A selected batch is handed out only to a worker asking with the very cursor and limit the
 * previous batch ended at; anything else discards everything queued (reads have no side effects, so a discarded read
 * costs only its work) and the caller reads afresh. A batch that was not full ends the chain: a caught-up worker must
 * list again to see the newest keys.
 *
 * @param <B> a selected batch whose items are being read
 */
final class ReadAhead<B extends ReadAhead.Selected> implements AutoCloseable {
    /** Batches kept selected beyond the one handed out: two keep the permits busy through a batch's tail. */
    static final int DEPTH = 2;

    /** A selected batch: whether it was full (so the one after it may be selected), and how to stop its reads. */
    interface Selected {
        boolean full();

        void abandon();
    }

    private final ExecutorService selector = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rez-indexer-read-ahead");
        thread.setDaemon(true); // never keeps a stopping JVM alive
        return thread;
    });
    private final Deque<Future<B>> queued = new ArrayDeque<>();
    /** Bumped by every discard, so a selection that was already running when discarded starts no reads. */
    private long generation;
    private SourceCursorState expectedCursor;
    private int expectedLimit;

    /**
     * The batch selected for {@code cursor} and {@code limit}, or empty (everything queued then discarded). Waits
     * for that batch's selection, not for its reads.
     */
    Optional<B> take(SourceCursorState cursor, int limit) {
        Future<B> head;
        synchronized (this) {
            if (queued.isEmpty() || !cursor.equals(expectedCursor) || limit != expectedLimit) {
                discard();
                return Optional.empty();
            }
            head = queued.poll();
        }
        try {
            return Optional.ofNullable(head.get());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a selected batch", interrupted);
        } catch (ExecutionException failed) {
            discardAll();
            return Optional.empty(); // the caller's own read meets the same failure and reports it
        }
    }

    /** Runs a selection on the selection thread (after any queued one) and waits for it. */
    B selectNow(Callable<B> selection) {
        try {
            return selector.submit(selection).get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while selecting a batch", interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime; // a store failure, as selecting on the caller's thread would have thrown it
            }
            throw new IllegalStateException("selecting a batch failed: " + failed.getCause(), failed.getCause());
        }
    }

    /**
     * The worker was handed {@code handedOut}, and its next batch starts at {@code next} with {@code limit}: keeps
     * {@link #DEPTH} batches selected after it, each selected by {@code selectAfter} from the one before.
     */
    synchronized void continueAfter(B handedOut, SourceCursorState next, int limit, Function<B, B> selectAfter) {
        expectedCursor = next;
        expectedLimit = limit;
        long current = generation;
        while (queued.size() < DEPTH) {
            Future<B> previous = queued.peekLast();
            queued.add(selector.submit(() -> {
                B before = previous == null ? handedOut : previous.get();
                if (before == null || !before.full() || stale(current)) {
                    return null; // the chain ended: whoever comes next lists afresh
                }
                B selected = selectAfter.apply(before);
                synchronized (this) {
                    if (generation != current) {
                        selected.abandon(); // discarded while it was being selected
                        return null;
                    }
                }
                return selected;
            }));
        }
    }

    /** Drops every queued batch (nothing is handed out until {@link #continueAfter} again). */
    synchronized void discardAll() {
        discard();
    }

    @Override
    public synchronized void close() {
        discard();
        selector.shutdownNow();
    }

    private synchronized boolean stale(long current) {
        return generation != current;
    }

    private void discard() {
        generation++;
        for (Future<B> batch : queued) {
            if (batch.isDone() && !batch.isCancelled()) {
                try {
                    B selected = batch.get();
                    if (selected != null) {
                        selected.abandon();
                    }
                } catch (InterruptedException | ExecutionException ignored) {
                    // done: get() cannot block, and a failed selection started no reads
                }
            } else {
                batch.cancel(false); // a running selection sees the new generation and starts no reads
            }
        }
        queued.clear();
        expectedCursor = null;
    }
}
