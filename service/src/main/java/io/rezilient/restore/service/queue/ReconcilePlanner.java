package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.jobs.StartDecision;
import io.rezilient.restore.service.jobs.StartPermission;
import io.rezilient.restore.service.locks.Blockers;
import io.rezilient.restore.service.locks.ScopeQueue;
import io.rezilient.restore.service.queue.ScopeSnapshot.ActiveJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides a reconcile of one (tenant, instance, source) from its {@link ScopeSnapshot} (service-spec §5.5), without
 * I/O, so a dry run and an apply decide identically.
 *
 * <ol>
 *   <li>Anomalies of in-scope non-terminal jobs, judged on the rows as stored: {@code lock_membership_mismatch},
 *       {@code queued_missing_blocker} (nothing alive holds the queued job back), {@code stale_non_terminal_job}.</li>
 *   <li>With a {@link ForcePolicy} (reset only): every stale in-scope job not preserved is made terminal.</li>
 *   <li>The rebuild, over <em>every</em> remaining non-terminal job of the scope (one job's keys decide whether any
 *       other may run, so a partial rebuild could break the fairness rule): running and paused jobs keep their keys
 *       in {@code started_at}, job id order, and one that collides with an earlier holder is re-queued; then the
 *       waiting jobs in FIFO order ({@code enqueued_seq}) are judged by the lock manager's own rule
 *       ({@link ScopeQueue}), and the ones it lets start start or are withheld as the {@link StartPermission} says
 *       ({@link StartDecision}, the same decision a completion makes).</li>
 * </ol>
 * The rebuild never looks beyond the scope: keys and fairness are per (tenant, instance, source).
 */
final class ReconcilePlanner {
    private static final Comparator<ActiveJob> FIFO = Comparator
            .comparing(ActiveJob::enqueuedSeq, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(job -> job.job().requestedAt())
            .thenComparing(ActiveJob::id);
    private static final Comparator<ActiveJob> HOLDING_ORDER = Comparator
            .comparing((ActiveJob job) -> job.job().startedAt(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ActiveJob::id);
    private static final String NONE = ReasonCode.NONE.wire();
    private static final String QUEUED = ReasonCode.QUEUED_SCOPE_LOCK.wire();

    private final ScopeSnapshot snapshot;
    private final QueueReconcileRequest request;
    private final Optional<Instant> cutoff;
    private final StartPermission permission;
    private final List<ActiveJob> fifo;
    private final Map<String, ActiveJob> activeById = new HashMap<>();
    private final Map<String, String> holderOf = new HashMap<>();
    /** Owners of hold rows, in the order they first acquired a key (then job id). */
    private final Map<String, TreeSet<String>> heldBy = new LinkedHashMap<>();
    /** Owners of queue rows in FIFO ({@code seq}) order. */
    private final Map<String, QueuedRows> queuedBy = new LinkedHashMap<>();

    private record QueuedRows(long seq, TreeSet<String> tables) {
    }

    private ReconcilePlanner(ScopeSnapshot snapshot, QueueReconcileRequest request, Optional<Instant> cutoff,
                             StartPermission permission) {
        this.snapshot = snapshot;
        this.request = request;
        this.cutoff = cutoff;
        this.permission = permission;
        this.fifo = snapshot.jobs().stream().sorted(FIFO).toList();
        fifo.forEach(job -> activeById.put(job.id(), job));
        Map<String, Instant> firstAcquired = new HashMap<>();
        for (ScopeSnapshot.HoldRow hold : snapshot.holds()) {
            holderOf.put(hold.table(), hold.jobId());
            firstAcquired.merge(hold.jobId(), hold.acquiredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        firstAcquired.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(owner -> heldBy.put(owner.getKey(), new TreeSet<>()));
        snapshot.holds().forEach(hold -> heldBy.get(hold.jobId()).add(hold.table()));
        for (ScopeSnapshot.QueueRow row : snapshot.queue()) {
            queuedBy.computeIfAbsent(row.jobId(), id -> new QueuedRows(row.seq(), new TreeSet<>())).tables()
                    .add(row.table());
        }
    }

    /**
     * @param cutoff     the stale cutoff ({@code now - stale_after_ms}); empty when staleness was not asked for
     * @param permission whether the scope's source mapping lets queued jobs start (S14)
     */
    static ScopePlan plan(ScopeSnapshot snapshot, QueueReconcileRequest request, Optional<Instant> cutoff,
                          StartPermission permission) {
        return new ReconcilePlanner(snapshot, request, cutoff, permission).plan();
    }

    private ScopePlan plan() {
        List<Anomaly> anomalies = new ArrayList<>();
        List<ScopePlan.Forced> forced = new ArrayList<>();
        int inScope = 0;
        int stale = 0;
        for (ActiveJob job : fifo) {
            if (!inScope(job)) {
                continue;
            }
            inScope++;
            membership(job).ifPresent(anomalies::add);
            if (job.job().status() == JobStatus.QUEUED) {
                missingBlocker(job).ifPresent(anomalies::add);
            }
            if (isStale(job)) {
                stale++;
                anomalies.add(staleAnomaly(job));
                if (request.force().isPresent() && !request.preserveStaleJobIds().contains(job.id())) {
                    forced.add(new ScopePlan.Forced(job, request.force().get(), job.holdsKeys()));
                }
            }
        }
        Set<String> forcedIds = new HashSet<>();
        forced.forEach(f -> forcedIds.add(f.job().id()));
        return rebuild(anomalies, forced, forcedIds, inScope, stale);
    }

    private ScopePlan rebuild(List<Anomaly> anomalies, List<ScopePlan.Forced> forced, Set<String> forcedIds,
                              int inScope, int stale) {
        Map<String, String> holderByTable = new HashMap<>();
        Map<String, List<String>> holdsAfter = new LinkedHashMap<>();
        List<ActiveJob> waiting = new ArrayList<>();
        Set<String> collided = new HashSet<>();
        List<ActiveJob> holders = fifo.stream().filter(job -> !forcedIds.contains(job.id()))
                .filter(ActiveJob::holdsKeys).sorted(HOLDING_ORDER).toList();
        for (ActiveJob holder : holders) {
            if (Collections.disjoint(holder.tables(), holderByTable.keySet())) {
                holdsAfter.put(holder.id(), holder.tables());
                holder.tables().forEach(table -> holderByTable.put(table, holder.id()));
            } else {
                waiting.add(holder);
                collided.add(holder.id());
            }
        }
        fifo.stream().filter(job -> !forcedIds.contains(job.id()) && !job.holdsKeys()).forEach(waiting::add);
        waiting.sort(FIFO);
        // a collided holder is re-queued for keys; a queued job keeps its stored wait reason
        List<ScopeQueue.Waiter> waiters = waiting.stream().map(job -> new ScopeQueue.Waiter(job.id(), job.tables(),
                collided.contains(job.id()) ? QUEUED : job.job().statusReasonCode())).toList();
        ScopeQueue rebuilt = new ScopeQueue(holderByTable, waiters);
        StartDecision starts = StartDecision.of(rebuilt, permission);
        Set<String> startable = ids(rebuilt.startable());
        Set<String> starting = ids(starts.start());

        Map<String, ActiveJob> queueAfter = new LinkedHashMap<>();
        Map<String, String> reasonAfter = new HashMap<>();
        List<ActiveJob> promoted = new ArrayList<>();
        List<ScopePlan.Requeued> requeued = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            ActiveJob job = waiting.get(i);
            if (startable.contains(job.id()) && inScope(job)) {
                anomalies.add(promotable(job));
            }
            if (starting.contains(job.id())) {
                // only a queued job gets here: a collided holder's tables meet a holder's
                promoted.add(job);
                holdsAfter.put(job.id(), job.tables());
                continue;
            }
            queueAfter.put(job.id(), job);
            reasonAfter.put(job.id(), starts.reasonAfter(waiters.get(i)));
            if (collided.contains(job.id())) {
                List<String> blocked = rebuilt.blockers(job.id()).tables();
                requeued.add(new ScopePlan.Requeued(job, blocked, queueAfter.size()));
                if (inScope(job)) {
                    ObjectNode details = details();
                    details.set("blocked_tables", strings(blocked));
                    details.put("queue_position", queueAfter.size());
                    anomalies.add(new Anomaly(Anomaly.Code.ACTIVE_JOB_CONFLICTS_REQUEUED, job.id(),
                            job.job().status(), details));
                }
            }
        }
        return new ScopePlan(snapshot.key(), anomalies, forced, requeued, promoted, starts,
                rewrites(holdsAfter, queueAfter), before(), after(holdsAfter, queueAfter, reasonAfter), inScope,
                stale);
    }

    /** A queued job the rule lets start; when the start is withheld, why (S14). */
    private Anomaly promotable(ActiveJob job) {
        ObjectNode details = details().set("lock_scope_tables", strings(job.tables()));
        if (permission instanceof StartPermission.Withheld withheld) {
            details.put("start_withheld_reason_code", withheld.reasonCode());
            details.put("source_mapping_message", withheld.message());
        }
        return new Anomaly(Anomaly.Code.QUEUED_JOB_PROMOTABLE, job.id(), job.job().status(), details);
    }

    private static Set<String> ids(List<ScopeQueue.Waiter> waiters) {
        Set<String> ids = new HashSet<>();
        waiters.forEach(waiter -> ids.add(waiter.jobId()));
        return ids;
    }

    /** The jobs whose stored lock rows differ from the rebuilt state, orphaned owners included. */
    private List<ScopePlan.LockRewrite> rewrites(Map<String, List<String>> holdsAfter,
                                                 Map<String, ActiveJob> queueAfter) {
        Set<String> owners = new LinkedHashSet<>(heldBy.keySet());
        owners.addAll(queuedBy.keySet());
        owners.addAll(holdsAfter.keySet());
        owners.addAll(queueAfter.keySet());
        List<ScopePlan.LockRewrite> rewrites = new ArrayList<>();
        for (String owner : owners) {
            List<String> holds = holdsAfter.getOrDefault(owner, List.of());
            ActiveJob waits = queueAfter.get(owner);
            List<String> queued = waits == null ? List.of() : waits.tables();
            Long seq = waits == null ? null : waits.enqueuedSeq();
            QueuedRows stored = queuedBy.get(owner);
            boolean sameHolds = Set.copyOf(holds).equals(heldBy.getOrDefault(owner, new TreeSet<>()));
            boolean sameQueue = waits == null ? stored == null
                    : stored != null && seq != null && stored.seq() == seq
                            && Set.copyOf(queued).equals(stored.tables());
            if (!sameHolds || !sameQueue) {
                rewrites.add(new ScopePlan.LockRewrite(owner, holds, queued, seq));
            }
        }
        return rewrites;
    }

    /** The stored rows; a waiter's reason is its job's, when the job is a live queued one. */
    private LockState before() {
        List<LockState.Entry> running = new ArrayList<>();
        heldBy.forEach((owner, tables) -> running.add(entry(owner, tables, NONE)));
        List<LockState.Entry> queued = new ArrayList<>();
        queuedBy.forEach((owner, rows) -> {
            ActiveJob job = activeById.get(owner);
            String reason = job != null && !job.holdsKeys() ? job.job().statusReasonCode() : QUEUED;
            queued.add(entry(owner, rows.tables(), reason));
        });
        return new LockState(running, queued);
    }

    private LockState after(Map<String, List<String>> holdsAfter, Map<String, ActiveJob> queueAfter,
                            Map<String, String> reasonAfter) {
        List<LockState.Entry> running = new ArrayList<>();
        holdsAfter.forEach((owner, tables) -> running.add(entry(owner, tables, NONE)));
        List<LockState.Entry> queued = new ArrayList<>();
        queueAfter.forEach((owner, job) -> queued.add(entry(owner, job.tables(), reasonAfter.get(owner))));
        return new LockState(running, queued);
    }

    private LockState.Entry entry(String jobId, Collection<String> tables, String reason) {
        return new LockState.Entry(jobId, snapshot.key(), List.copyOf(tables), reason);
    }

    private boolean inScope(ActiveJob job) {
        return request.scope().coversTables(job.tables());
    }

    /** Stale when its last change ({@code updated_at}, never null here) is at or before the cutoff (§5.5). */
    private boolean isStale(ActiveJob job) {
        return cutoff.isPresent() && !job.job().updatedAt().isAfter(cutoff.get());
    }

    /** A queued job must wait for exactly its tables and hold none; a running or paused one the reverse. */
    private Optional<Anomaly> membership(ActiveJob job) {
        Set<String> tables = Set.copyOf(job.tables());
        TreeSet<String> holds = heldBy.getOrDefault(job.id(), new TreeSet<>());
        QueuedRows waits = queuedBy.get(job.id());
        TreeSet<String> queued = waits == null ? new TreeSet<>() : waits.tables();
        boolean consistent = job.holdsKeys()
                ? holds.equals(tables) && queued.isEmpty()
                : queued.equals(tables) && holds.isEmpty();
        if (consistent) {
            return Optional.empty();
        }
        ObjectNode details = details();
        details.put("expected_lock_state", job.holdsKeys() ? "running" : "queued");
        details.put("in_running", !holds.isEmpty());
        details.put("in_queued", !queued.isEmpty());
        details.set("held_tables", strings(holds));
        details.set("queued_tables", strings(queued));
        return Optional.of(new Anomaly(Anomaly.Code.LOCK_MEMBERSHIP_MISMATCH, job.id(), job.job().status(), details));
    }

    /**
     * What holds a queued job back, judged by the stored rows and the lock manager's rule ({@link ScopeQueue}): the
     * stored holders and queue, with the job placed at its FIFO place wanting its tables. An anomaly when none of its
     * blockers is a live (non-terminal) job: it waits for nothing.
     */
    private Optional<Anomaly> missingBlocker(ActiveJob job) {
        QueuedRows own = queuedBy.get(job.id());
        long seq = own != null ? own.seq() : job.enqueuedSeq() != null ? job.enqueuedSeq() : Long.MAX_VALUE;
        ScopeQueue.Waiter self = new ScopeQueue.Waiter(job.id(), job.tables(), job.job().statusReasonCode());
        List<ScopeQueue.Waiter> stored = new ArrayList<>();
        boolean placed = false;
        for (Map.Entry<String, QueuedRows> entry : queuedBy.entrySet()) {
            if (entry.getKey().equals(job.id())) {
                continue;
            }
            // only a strictly older place is ahead of the job
            if (!placed && entry.getValue().seq() >= seq) {
                stored.add(self);
                placed = true;
            }
            stored.add(new ScopeQueue.Waiter(entry.getKey(), List.copyOf(entry.getValue().tables()), QUEUED));
        }
        if (!placed) {
            stored.add(self);
        }
        Blockers found = new ScopeQueue(holderOf, stored).blockers(job.id());
        List<String> blockedTables = found.tables();
        List<String> blockers = found.jobIds();
        List<String> orphaned = blockers.stream().filter(id -> !activeById.containsKey(id)).toList();
        if (blockers.size() > orphaned.size()) {
            return Optional.empty();
        }
        ObjectNode details = details();
        details.set("blocked_tables", strings(blockedTables));
        details.set("blocker_job_ids", strings(blockers));
        details.set("orphaned_blocker_job_ids", strings(orphaned));
        ObjectNode statuses = details.putObject("orphaned_blocker_statuses");
        new TreeMap<>(snapshot.otherOwnerStatuses()).forEach((id, status) -> {
            if (orphaned.contains(id)) {
                statuses.put(id, status.wire());
            }
        });
        if (own == null) {
            details.putNull("queue_position");
        } else {
            details.put("queue_position", queuedBy.values().stream().filter(rows -> rows.seq() <= seq).count());
        }
        details.put("wait_reason_code", job.job().statusReasonCode());
        details.set("wait_tables", strings(blockedTables));
        return Optional.of(new Anomaly(Anomaly.Code.QUEUED_MISSING_BLOCKER, job.id(), job.job().status(), details));
    }

    private Anomaly staleAnomaly(ActiveJob job) {
        ObjectNode details = details();
        details.put("stale_cutoff_at", IsoUtc.format(cutoff.orElseThrow()));
        details.put("updated_at", IsoUtc.format(job.job().updatedAt()));
        if (job.job().startedAt() == null) {
            details.putNull("started_at");
        } else {
            details.put("started_at", IsoUtc.format(job.job().startedAt()));
        }
        details.put("requested_at", IsoUtc.format(job.job().requestedAt()));
        return new Anomaly(Anomaly.Code.STALE_NON_TERMINAL_JOB, job.id(), job.job().status(), details);
    }

    private static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ArrayNode strings(Collection<String> values) {
        return JsonNodeFactory.instance.arrayNode().addAll(values.stream().map(JsonNodeFactory.instance::textNode)
                .toList());
    }
}
