package io.rezilient.restore.objectstore.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when told to, or when something sleeps on it; records every sleep. */
public final class FakeRetryClock implements RetryClock {

    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    /** Moves time forward, as if an attempt took {@code duration}. */
    public synchronized void advance(Duration duration) {
        now += duration.toNanos();
    }

    /** Every sleep so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
