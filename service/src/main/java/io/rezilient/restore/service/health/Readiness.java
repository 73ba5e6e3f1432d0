package io.rezilient.restore.service.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the readiness checks concurrently, each on its own virtual thread and bounded by one shared deadline, so a
 * hung database or bucket makes {@code /readyz} answer "not ready" in time instead of hanging the probe (and every
 * orchestrator probe after it). A check still running at the deadline is interrupted and reported as timed out.
 * A failure's message is logged; the report keeps only its stable reason code.
 */
public final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private final List<ReadinessCheck> checks;
    private final Duration timeout;

    public Readiness(List<ReadinessCheck> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public ReadinessReport check() {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Future<?>> running = new ArrayList<>();
        // not try-with-resources: close() would wait for a hung check, which is exactly what must not happen
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (ReadinessCheck check : checks) {
                running.add(executor.submit(() -> {
                    check.probe();
                    return null;
                }));
            }
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                results.add(await(checks.get(i).name(), running.get(i), start, deadline));
            }
            return new ReadinessReport(results);
        } finally {
            executor.shutdownNow();
        }
    }

    private CheckResult await(String name, Future<?> future, long start, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new CheckResult(name, true, elapsedMs(start), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(name, start, ReadinessCheck.TIMED_OUT, "timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String code = cause instanceof ReadinessCheck.Failure failure ? failure.reasonCode()
                    : ReadinessCheck.UNAVAILABLE;
            return failed(name, start, code, message(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return failed(name, start, ReadinessCheck.INTERRUPTED, "interrupted");
        }
    }

    /** The dependency's own words go to the log (with the request id of the probe), the stable code to the body. */
    private static CheckResult failed(String name, long start, String reasonCode, String message) {
        LOG.atWarn().setMessage("readiness check failed").addKeyValue("check", name)
                .addKeyValue("reason_code", reasonCode).addKeyValue("reason", message).log();
        return new CheckResult(name, false, elapsedMs(start), reasonCode);
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
