package io.rezilient.restore.indexer.worker;

import java.time.Duration;

/** Waits between polls; injectable so tests observe the waits instead of sleeping through them. */
@FunctionalInterface
public interface Sleeper {
    /** The real thing. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
