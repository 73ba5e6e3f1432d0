package io.rezilient.restore.indexer.source;

import java.util.concurrent.Semaphore;

/**
 * The object reads one process may have in flight. One source owns its own; the partition groups of a process share
 * one, so adding groups spreads the configured reads over them instead of multiplying them (and the S3 connection
 * pool, which is sized to this number, is never outgrown).
 */
public final class ReadPermits {
    private final int concurrency;
    private final Semaphore permits;

    private ReadPermits(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("read concurrency must be at least 1, got " + concurrency);
        }
        this.concurrency = concurrency;
        // fair: reads are granted in the order they asked, so a batch read ahead queues behind the batch before it
        // instead of overtaking it and delaying the batch the worker is waiting for
        this.permits = new Semaphore(concurrency, true);
    }

    public static ReadPermits of(int concurrency) {
        return new ReadPermits(concurrency);
    }

    public int concurrency() {
        return concurrency;
    }

    void acquire(int count) throws InterruptedException {
        permits.acquire(count);
    }

    void release(int count) {
        permits.release(count);
    }
}
