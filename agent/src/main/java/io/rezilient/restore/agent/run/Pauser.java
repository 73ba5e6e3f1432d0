package io.rezilient.restore.agent.run;

import java.time.Duration;

/** Waits between retries; tests pass one that does not sleep, so they never depend on timing. */
@FunctionalInterface
public interface Pauser {
    void pause(Duration duration) throws InterruptedException;

    Pauser SLEEP = duration -> Thread.sleep(duration.toMillis());
}
