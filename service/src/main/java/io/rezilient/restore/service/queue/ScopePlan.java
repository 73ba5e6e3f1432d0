package io.rezilient.restore.service.queue;

import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.jobs.StartDecision;

import java.util.List;
import java.util.Objects;

/**
 * What a reconcile of one (tenant, instance, source) found and decided: anomalies, the jobs it forces terminal,
 * re-queues or promotes, the wait reasons it changes, the lock rows to rewrite, and the lock state before and after.
 * Computed without I/O by {@link ReconcilePlanner}; a dry run reports it, an apply writes it with
 * {@link ReconcileWriter}.
 *
 * @param promoted the queued jobs that start ({@code starts.start()}, as the snapshot showed them)
 * @param starts   the start decision of the rebuilt queue, whose withheld and back-to-keys reason changes the
 *                 apply makes too
 */
record ScopePlan(ScopeKey key, List<Anomaly> anomalies, List<Forced> forced, List<Requeued> requeued,
                 List<ScopeSnapshot.ActiveJob> promoted, StartDecision starts, List<LockRewrite> rewrites,
                 LockState before, LockState after, int nonTerminalInScope, int staleInScope) {
    ScopePlan {
        Objects.requireNonNull(key, "key");
        anomalies = List.copyOf(anomalies);
        forced = List.copyOf(forced);
        requeued = List.copyOf(requeued);
        promoted = List.copyOf(promoted);
        Objects.requireNonNull(starts, "starts");
        rewrites = List.copyOf(rewrites);
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** A stale job made terminal; {@code heldKeys} whether it was running or paused. */
    record Forced(ScopeSnapshot.ActiveJob job, ForcePolicy policy, boolean heldKeys) {
        StatusChange change() {
            return new StatusChange(job.id(), job.job().status(), policy.status(), policy.reasonCode().wire());
        }
    }

    /** A running or paused job that conflicts with an earlier holder and goes back to the queue. */
    record Requeued(ScopeSnapshot.ActiveJob job, List<String> blockedTables, int queuePosition) {
        Requeued {
            blockedTables = List.copyOf(blockedTables);
        }
    }

    /**
     * A job whose lock rows differ from what they should be: all its rows are replaced by {@code holds} (it runs)
     * or {@code queued} at FIFO place {@code seq} (it waits), or by nothing (terminal or orphaned owner).
     *
     * @param seq null when the job waits but never had a FIFO place (the writer draws one)
     */
    record LockRewrite(String jobId, List<String> holds, List<String> queued, Long seq) {
        LockRewrite {
            Objects.requireNonNull(jobId, "jobId");
            holds = List.copyOf(holds);
            queued = List.copyOf(queued);
            if (!holds.isEmpty() && !queued.isEmpty()) {
                throw new IllegalArgumentException("job " + jobId + " cannot both hold and wait");
            }
        }
    }

    List<StatusChange> forcedTransitions() {
        return forced.stream().map(Forced::change).toList();
    }

    List<StatusChange> promotions() {
        return promoted.stream().map(job -> new StatusChange(job.id(), JobStatus.QUEUED, JobStatus.RUNNING,
                "none")).toList();
    }
}
