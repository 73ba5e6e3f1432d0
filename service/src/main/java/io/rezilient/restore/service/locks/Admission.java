package io.rezilient.restore.service.locks;

import java.util.List;
import java.util.Objects;

/**
 * Where a new job goes, decided by {@link PostgresLockManager#admit} before any row is written: the job row is
 * inserted in this state, then {@link PostgresLockManager#enter} writes its lock rows.
 *
 * @param tables   the job's canonical lock scope tables
 * @param seq      its place in the FIFO ({@code enqueued_seq}), drawn under the scope lock
 * @param decision running or queued, judged as if the waiters {@code queue.startable()} had started (the caller
 *                 starts them in the same transaction)
 * @param queue    the scope as it was read, without the new job
 */
public record Admission(JobRef job, List<String> tables, long seq, LockDecision decision, ScopeQueue queue) {
    public Admission {
        Objects.requireNonNull(job, "job");
        tables = List.copyOf(tables);
        if (seq < 1) {
            throw new IllegalArgumentException("seq is positive: " + seq);
        }
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(queue, "queue");
    }

    public boolean runs() {
        return decision instanceof LockDecision.Running;
    }
}
