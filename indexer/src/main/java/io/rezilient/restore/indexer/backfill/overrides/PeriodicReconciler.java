package io.rezilient.restore.indexer.backfill.overrides;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the reconciler every {@code interval} on one daemon thread for as long as an indexer process runs. The
 * interval only decides how soon an end becomes visible in status, versions and audit: readers of
 * {@link OverrideStore#effective} stop seeing an override at its {@code valid_until} regardless. A failed round
 * (the database away) is logged and retried at the next tick; it must not stop the indexer or the schedule.
 */
public final class PeriodicReconciler implements AutoCloseable {
    /** Often enough that status and audit lag an expiry by seconds, rarely enough to cost one indexed query. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicReconciler.class);

    private final Function<Instant, List<OverrideChange>> reconcile;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private PeriodicReconciler(Function<Instant, List<OverrideChange>> reconcile, Clock clock,
                               ScheduledExecutorService timer) {
        this.reconcile = reconcile;
        this.clock = clock;
        this.timer = timer;
    }

    /** A reconciler not yet scheduled: {@link #runOnce()} is called by the caller (tests) or by {@link #start}. */
    public static PeriodicReconciler of(Function<Instant, List<OverrideChange>> reconcile, Clock clock) {
        return new PeriodicReconciler(Objects.requireNonNull(reconcile, "reconcile"),
                Objects.requireNonNull(clock, "clock"), null);
    }

    /** Starts reconciling now and then every {@code interval}. */
    public static PeriodicReconciler start(OverrideReconciler reconciler, Clock clock, Duration interval) {
        Objects.requireNonNull(reconciler, "reconciler");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rez-override-reconciler");
            thread.setDaemon(true); // never keeps a finished process alive
            return thread;
        });
        PeriodicReconciler periodic = new PeriodicReconciler(reconciler::reconcile, clock, timer);
        timer.scheduleWithFixedDelay(periodic::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return periodic;
    }

    /**
     * One round at the clock's time; never throws.
     *
     * @return how many overrides it ended, or -1 when the round failed
     */
    public int runOnce() {
        try {
            return reconcile.apply(clock.instant()).size();
        } catch (RuntimeException failure) {
            LOG.atWarn().setMessage("config override reconciliation failed; retrying at the next tick")
                    .addKeyValue("error_message", failure.getMessage()).log();
            return -1;
        }
    }

    /** Stops the schedule, waiting briefly for a round in progress (it is one short transaction per override). */
    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
