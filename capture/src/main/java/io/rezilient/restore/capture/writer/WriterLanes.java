package io.rezilient.restore.capture.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Bounded parallel writing that keeps order where it matters: each lane is one thread with its own bounded
 * queue, and a caller sends everything of one partition to the same lane, so a partition's objects appear in
 * offset order while different partitions are written in parallel. A full queue blocks the producer
 * (backpressure instead of unbounded memory). The first failure stops every lane and is rethrown to the producer.
 *
 * @param <C> per-lane context (e.g. an encoder holding a cipher), created on and confined to the lane's thread
 */
public final class WriterLanes<C> implements AutoCloseable {
    private static final Object STOP = new Object();

    private final List<BlockingQueue<Object>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean closed;

    public WriterLanes(int lanes, int queueCapacity, String name, Supplier<C> context) {
        if (lanes < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("need at least one lane with room for one task");
        }
        for (int i = 0; i < lanes; i++) {
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(queueCapacity);
            queues.add(queue);
            Thread thread = new Thread(() -> drain(queue, context), name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    public int lanes() {
        return queues.size();
    }

    /** Queues {@code task} on lane {@code lane % lanes()}, waiting while that lane's queue is full. */
    public void submit(int lane, Consumer<C> task) {
        rethrowFailure();
        try {
            queues.get(Math.floorMod(lane, queues.size())).put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(e);
            throw new IllegalStateException("interrupted while queueing a write", e);
        }
    }

    /** Waits until every queued task ran, then rethrows the first failure if there was one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (BlockingQueue<Object> queue : queues) {
                queue.put(STOP);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(e);
            throw new IllegalStateException("interrupted while waiting for writes to finish", e);
        }
        rethrowFailure();
    }

    /** Stops all lanes without running what is still queued (after a failure elsewhere). */
    public void abort(Throwable cause) {
        failure.compareAndSet(null, cause);
        queues.forEach(BlockingQueue::clear);
        threads.forEach(Thread::interrupt);
    }

    @SuppressWarnings("unchecked")
    private void drain(BlockingQueue<Object> queue, Supplier<C> contextFactory) {
        C context = null;
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            if (failure.get() != null) {
                continue; // drain without running, so the producer never blocks on a dead lane
            }
            try {
                if (context == null) {
                    context = contextFactory.get();
                }
                ((Consumer<C>) next).accept(context);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("a writer failed: " + t, t);
        }
    }
}
