package io.rezilient.restore.indexer.lease;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a {@link LeaderLease} on its own scheduler thread, so renewal never waits for a batch: it acquires or renews
 * every {@code renewEvery} (by default a third of the lease, leaving two more chances before expiry) and marks the
 * lease {@link LeaseState.Status#LOST lost} as soon as a renewal fails or finds another holder.
 *
 * <p>Besides the database's verdict, the keeper keeps a local deadline (monotonic clock, started before each
 * request, so it ends no later than the database's expiry): if the renewal thread stalls, {@link #grant()} turns
 * empty on time by itself. Writes are fenced in the database anyway ({@link LeaseFence}); the local view only stops a
 * deposed worker from doing useless work.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final int RENEWALS_PER_LEASE = 3;

    private final LeaderLease lease;
    private final Duration renewEvery;
    private final ScheduledExecutorService scheduler;
    private final Object renewal = new Object();
    private volatile LeaseState state = LeaseState.INITIAL;
    /** Told every state the keeper settles on (metrics); set before {@link #start()}. */
    private volatile Consumer<LeaseState> listener = newState -> { };
    /** {@link System#nanoTime()} after which the current grant must no longer be used. */
    private volatile long localDeadline;

    public LeaseKeeper(LeaderLease lease, Duration renewEvery) {
        this.lease = Objects.requireNonNull(lease, "lease");
        if (renewEvery == null || renewEvery.isNegative() || renewEvery.isZero()
                || renewEvery.compareTo(lease.duration()) >= 0) {
            throw new IllegalArgumentException("lease renewal interval must be positive and shorter than the lease ("
                    + lease.duration() + "), got " + renewEvery);
        }
        this.renewEvery = renewEvery;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rez-lease-keeper-" + lease.scope().id());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A keeper renewing every third of the lease, already started. */
    public static LeaseKeeper start(LeaderLease lease) {
        LeaseKeeper keeper = new LeaseKeeper(lease, lease.duration().dividedBy(RENEWALS_PER_LEASE));
        keeper.start();
        return keeper;
    }

    /**
     * Tells {@code listener} the current state now and every state a renewal, a failure or {@link #close()} settles
     * on, from the thread that made the change. A throwing listener is logged and never stops renewal. A held lease
     * running past its local deadline changes no stored state, so it is not announced: callers that must notice it
     * read {@link #state()}.
     */
    public void onStateChange(Consumer<LeaseState> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        publish(state());
    }

    /** Whether the renewal thread is still scheduled: false once {@link #close()} has begun. */
    public boolean running() {
        return !scheduler.isShutdown();
    }

    /** Starts renewing in the background: a first attempt at once, then every {@code renewEvery}. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::renewQuietly, 0, renewEvery.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The current state; a held lease whose local deadline has passed unrenewed reads as lost. */
    public LeaseState state() {
        LeaseState current = state;
        if (current.status() == LeaseState.Status.HELD && System.nanoTime() - localDeadline >= 0) {
            return new LeaseState(LeaseState.Status.LOST, current.grant(), current.term(),
                    "not renewed before the lease expired");
        }
        return current;
    }

    /** The grant to write under, if the lease is held right now. */
    public Optional<LeaseGrant> grant() {
        return state().writableGrant();
    }

    /** One acquire-or-renew attempt now (the scheduler calls this; tests may too). */
    public LeaseState renewNow() {
        synchronized (renewal) {
            LeaseState before = state();
            long requestedAt = System.nanoTime();
            LeaseState after;
            try {
                Optional<LeaseGrant> granted = lease.acquire();
                after = granted.map(grant -> held(before, grant)).orElseGet(() -> denied(before));
                if (granted.isPresent()) {
                    localDeadline = requestedAt + lease.duration().toNanos();
                }
            } catch (RuntimeException failure) {
                after = failed(before, failure);
            }
            state = after;
            logTransition(before, after);
            publish(after);
            return after;
        }
    }

    /** Stops renewing and releases the lease if this holder has it; a failing release is logged, not thrown. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(lease.duration().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("restore-indexer leader lease keeper did not stop in time; releasing anyway");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (renewal) {
            LeaseState before = state;
            try {
                lease.release();
            } catch (RuntimeException failure) {
                LOG.atWarn().setMessage("restore-indexer leader lease release failed")
                        .addKeyValue("ingest_scope_id", lease.scope().id())
                        .addKeyValue("holder_id", lease.holderId())
                        .addKeyValue("error_message", failure.getMessage()).log();
            }
            state = new LeaseState(LeaseState.Status.STANDBY, before.grant(), before.term(), "released");
            publish(state);
        }
    }

    private void publish(LeaseState current) {
        try {
            listener.accept(current);
        } catch (RuntimeException failure) {
            LOG.warn("restore-indexer lease state listener failed: {}", failure.toString());
        }
    }

    private LeaseState held(LeaseState before, LeaseGrant grant) {
        // Leadership is continuous only if we held this very epoch and never passed its deadline in between.
        boolean continuous = before.status() == LeaseState.Status.HELD
                && before.grant().fencingEpoch() == grant.fencingEpoch();
        long term = continuous ? before.term() : before.term() + 1;
        return new LeaseState(LeaseState.Status.HELD, grant, term, continuous ? "renewed" : "acquired");
    }

    private LeaseState denied(LeaseState before) {
        LeaseState.Status status = before.status() == LeaseState.Status.STANDBY
                ? LeaseState.Status.STANDBY : LeaseState.Status.LOST;
        return new LeaseState(status, before.grant(), before.term(), "another holder has the lease");
    }

    private LeaseState failed(LeaseState before, RuntimeException failure) {
        LeaseState.Status status = before.status() == LeaseState.Status.STANDBY
                ? LeaseState.Status.STANDBY : LeaseState.Status.LOST;
        return new LeaseState(status, before.grant(), before.term(), "lease renewal failed: " + failure.getMessage());
    }

    private void renewQuietly() {
        try {
            renewNow();
        } catch (RuntimeException unexpected) {
            // an exception would cancel every later renewal of this scheduler; renewNow already handles failures
            LOG.error("restore-indexer leader lease keeper failed unexpectedly", unexpected);
        }
    }

    private void logTransition(LeaseState before, LeaseState after) {
        if (before != LeaseState.INITIAL && before.status() == after.status() && before.term() == after.term()) {
            return;
        }
        String message = switch (after.status()) {
            case HELD -> "restore-indexer leader lease acquired";
            case LOST -> "restore-indexer leader lease lost";
            case STANDBY -> "restore-indexer leader lease unavailable";
        };
        LOG.atInfo().setMessage(message)
                .addKeyValue("ingest_scope_id", lease.scope().id())
                .addKeyValue("holder_id", lease.holderId())
                .addKeyValue("fencing_epoch", after.grant() == null ? null : after.grant().fencingEpoch())
                .addKeyValue("term", after.term())
                .addKeyValue("detail", after.detail()).log();
    }
}
