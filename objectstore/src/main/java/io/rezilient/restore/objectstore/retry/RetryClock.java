package io.rezilient.restore.objectstore.retry;

import java.time.Duration;

/** The time source and sleeper a {@link Retrier} waits with; tests swap in a fake that only moves a counter. */
public interface RetryClock {

    /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep(Duration)}. */
    RetryClock SYSTEM = new RetryClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };

    /** Returns a monotonic reading in nanoseconds, meaningful only as a difference between two readings. */
    long nanoTime();

    /** Blocks for {@code duration}, or throws if the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;
}
