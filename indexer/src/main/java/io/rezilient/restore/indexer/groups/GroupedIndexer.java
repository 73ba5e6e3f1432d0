package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.indexer.http.Health;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseKeeper;
import io.rezilient.restore.indexer.lease.LeaseState;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Indexes one ingest scope split into partition groups, side by side with the other processes configured the same
 * way. Every {@code tick} (a third of the lease) it renews this process's membership, computes its fair share —
 * groups divided by live members, rounded up — gives back groups beyond that share (the highest first) and takes free
 * ones up to it, each member starting its search at a different group so that they do not race for the same leases.
 * Each group it holds runs as an ordinary {@link IndexerWorker} on its own thread, under its own lease and fencing
 * epoch: the coordinator decides which groups to try, the leases decide who writes. A process that dies stops
 * renewing both its membership and its leases; once they expire the others' share grows and they take its groups
 * over, from the cursors it committed.
 */
public final class GroupedIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupedIndexer.class);
    /** How long stopping a group waits for its worker to finish the cycle in hand and release the lease. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** Builds what a group needs; the runtime wires them to its pool, store and meters. */
    public interface GroupWorkers {
        LeaderLease lease(PartitionGroup group);

        IndexerWorker worker(PartitionGroup group, LeaseKeeper keeper);
    }

    private final IngestScope base;
    private final int count;
    private final String holderId;
    private final Duration leaseDuration;
    private final IndexerMembers members;
    private final GroupWorkers workers;
    private final QuarantineAdoption adoption;
    private final Runnable afterTick;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    /** Groups this process runs, by index; only the coordinator thread changes it. */
    private final TreeMap<Integer, RunningGroup> running = new TreeMap<>();
    /** What {@link #running} held after the last change, for other threads (health checks). */
    private volatile List<RunningGroup> snapshot = List.of();
    private volatile List<Integer> held = List.of();
    private volatile int liveMembers;
    private volatile boolean looping;

    /**
     * @param adoption  run before the first group starts: hands the family's stray open quarantine to its groups
     * @param afterTick run after every tick on the coordinator thread (the lag gauges' refresh); failures are logged
     */
    public GroupedIndexer(DataSource dataSource, IngestScope base, int count, String holderId, Duration leaseDuration,
                          GroupWorkers workers, QuarantineAdoption adoption, Runnable afterTick) {
        this.base = Objects.requireNonNull(base, "base");
        new PartitionGroup(0, count); // validates the count
        this.count = count;
        this.holderId = Objects.requireNonNull(holderId, "holderId");
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.members = new IndexerMembers(dataSource, base.id(), holderId);
        this.workers = Objects.requireNonNull(workers, "workers");
        this.adoption = Objects.requireNonNull(adoption, "adoption");
        this.afterTick = Objects.requireNonNull(afterTick, "afterTick");
    }

    /** Rebalances every third of the lease until {@link #requestStop()}; then stops every group and leaves. */
    public void runUntilStopped() {
        looping = true;
        adoptQuietly();
        try {
            while (stopSignal.getCount() > 0) {
                tickQuietly();
                if (stopSignal.await(leaseDuration.dividedBy(3).toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            looping = false;
            stopAll();
            leaveQuietly();
        }
    }

    public void requestStop() {
        stopSignal.countDown();
    }

    /**
     * One rebalancing step: renew membership, drop groups whose worker ended or lost its lease, give back what
     * exceeds the fair share and take free groups up to it. Returns the groups held afterwards.
     */
    public List<Integer> tick() {
        List<String> live = members.heartbeat(leaseDuration);
        int memberCount = Math.max(1, live.size());
        liveMembers = memberCount;
        int share = Math.ceilDiv(count, memberCount);
        running.entrySet().removeIf(entry -> {
            RunningGroup group = entry.getValue();
            if (group.alive() && group.keeper().state().status() != LeaseState.Status.LOST) {
                return false;
            }
            LOG.atWarn().setMessage("restore-indexer partition group stopped: worker ended or lease lost")
                    .addKeyValue("ingest_scope_id", group.scope().id())
                    .addKeyValue("lease_state", group.keeper().state().status().label()).log();
            group.stop(STOP_GRACE);
            return true;
        });
        while (running.size() > share) {
            RunningGroup extra = running.remove(running.lastKey());
            LOG.atInfo().setMessage("restore-indexer partition group handed back to share the work")
                    .addKeyValue("ingest_scope_id", extra.scope().id())
                    .addKeyValue("live_members", memberCount).addKeyValue("fair_share", share).log();
            extra.stop(STOP_GRACE);
        }
        int rank = Math.max(0, live.indexOf(holderId));
        for (int step = 0; step < count && running.size() < share && stopSignal.getCount() > 0; step++) {
            int index = (rank * share + step) % count;
            if (!running.containsKey(index)) {
                tryStart(new PartitionGroup(index, count)).ifPresent(group -> running.put(index, group));
            }
        }
        publish();
        return held;
    }

    /**
     * For {@code rez indexer once}: for every group in turn, takes its lease, applies {@code work} to a worker of it
     * and releases the lease. A group whose lease another process holds is reported as empty and left alone.
     */
    public <T> Map<PartitionGroup, Optional<T>> withEachGroup(Function<IndexerWorker, T> work) {
        Map<PartitionGroup, Optional<T>> results = new LinkedHashMap<>();
        adoptQuietly();
        for (int index = 0; index < count; index++) {
            PartitionGroup group = new PartitionGroup(index, count);
            LeaseKeeper keeper = keeper(group);
            if (keeper.renewNow().status() != LeaseState.Status.HELD) {
                keeper.close();
                results.put(group, Optional.empty());
                continue;
            }
            keeper.start();
            try (IndexerWorker worker = workers.worker(group, keeper)) {
                results.put(group, Optional.ofNullable(work.apply(worker)));
            } finally {
                keeper.close();
            }
        }
        return results;
    }

    /** The groups (from 0) this process indexes now. */
    public List<Integer> heldGroups() {
        return held;
    }

    public int groupCount() {
        return count;
    }

    /**
     * Healthy while the coordinator loops and every group it runs is writing under a live lease. Holding no group is
     * healthy too (more members than groups: this one waits as a standby).
     */
    public Health health() {
        if (!looping) {
            return Health.unavailable("none", base.id(), "partition group coordinator not running");
        }
        List<Integer> groups = held;
        String state = "held " + groups.size() + " of " + count + " partition groups";
        for (RunningGroup group : snapshot) {
            LeaseState lease = group.keeper().state();
            if (lease.status() == LeaseState.Status.LOST) {
                return Health.unavailable(state, base.id(), group.scope().id() + ": " + lease.detail());
            }
        }
        return new Health(true, groups.isEmpty() ? "standby" : "held", base.id(), state + " ("
                + groups.stream().map(index -> Integer.toString(index + 1)).toList() + ") with " + liveMembers
                + " live member(s)");
    }

    @Override
    public void close() {
        requestStop();
        if (!looping) {
            stopAll();
        }
    }

    private Optional<RunningGroup> tryStart(PartitionGroup group) {
        LeaseKeeper keeper = keeper(group);
        if (keeper.renewNow().status() != LeaseState.Status.HELD) {
            keeper.close();
            return Optional.empty();
        }
        keeper.start();
        IndexerWorker worker;
        try {
            worker = workers.worker(group, keeper);
        } catch (RuntimeException failure) {
            keeper.close();
            throw failure;
        }
        IngestScope scope = group.scopeOf(base);
        Thread thread = Thread.ofPlatform().name("rez-indexer-" + scope.id()).start(() -> {
            try {
                worker.runContinuously(0);
            } catch (RuntimeException failure) {
                // an unreadable cursor ends the group's loop; the next tick sees it ended and may retry it
                LOG.atError().setMessage("restore-indexer partition group worker ended")
                        .addKeyValue("ingest_scope_id", scope.id())
                        .addKeyValue("error_message", failure.getMessage()).log();
            }
        });
        LOG.atInfo().setMessage("restore-indexer partition group taken")
                .addKeyValue("ingest_scope_id", scope.id()).addKeyValue("holder_id", holderId).log();
        return Optional.of(new RunningGroup(scope, keeper, worker, thread));
    }

    private LeaseKeeper keeper(PartitionGroup group) {
        return new LeaseKeeper(workers.lease(group), leaseDuration.dividedBy(3));
    }

    private void adoptQuietly() {
        try {
            adoption.adopt();
        } catch (RuntimeException failure) {
            // only retries wait for it; the next start tries again
            LOG.atWarn().setMessage("restore-indexer partition groups could not take over stray quarantine")
                    .addKeyValue("ingest_scope_id", base.id())
                    .addKeyValue("error_message", failure.getMessage()).log();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException failure) {
            // the groups already running keep going under their own leases; membership is retried next tick
            LOG.atWarn().setMessage("restore-indexer partition group rebalancing failed")
                    .addKeyValue("ingest_scope_id", base.id())
                    .addKeyValue("error_message", failure.getMessage()).log();
        }
        try {
            afterTick.run();
        } catch (RuntimeException failure) {
            LOG.warn("restore-indexer partition group metrics refresh failed: {}", failure.toString());
        }
    }

    private void stopAll() {
        List<RunningGroup> groups = new ArrayList<>(running.values());
        groups.forEach(group -> group.worker().requestStop()); // all at once: their cycles end side by side
        groups.forEach(group -> group.stop(STOP_GRACE));
        running.clear();
        publish();
    }

    private void publish() {
        snapshot = List.copyOf(running.values());
        held = List.copyOf(running.keySet());
    }

    private void leaveQuietly() {
        try {
            members.leave();
        } catch (RuntimeException failure) {
            LOG.warn("restore-indexer membership not ended (it expires on its own): {}", failure.toString());
        }
    }

    /** A group this process runs. */
    private record RunningGroup(IngestScope scope, LeaseKeeper keeper, IndexerWorker worker, Thread thread) {
        boolean alive() {
            return thread.isAlive();
        }

        /** Ends the worker's loop after its current cycle, which releases the lease, and closes what it used. */
        void stop(Duration grace) {
            worker.requestStop();
            try {
                if (!thread.join(grace)) {
                    LOG.atWarn().setMessage("restore-indexer partition group did not stop in time")
                            .addKeyValue("ingest_scope_id", scope.id()).log();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            worker.close();
            keeper.close();
        }
    }
}
