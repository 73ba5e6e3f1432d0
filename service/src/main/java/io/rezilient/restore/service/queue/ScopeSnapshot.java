package io.rezilient.restore.service.queue;

import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.jobs.Job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One (tenant, instance, source) as the reconciler reads it, in one consistent view: its non-terminal jobs and every
 * lock row of the scope, plus the statuses of lock-row owners that are not among those jobs (terminal jobs whose
 * rows were never released). The rows are reported as stored, drift included; that is what a reconcile inspects.
 */
public record ScopeSnapshot(ScopeKey key, List<ActiveJob> jobs, List<HoldRow> holds, List<QueueRow> queue,
                            Map<String, JobStatus> otherOwnerStatuses) {
    public ScopeSnapshot {
        Objects.requireNonNull(key, "key");
        jobs = List.copyOf(jobs);
        holds = List.copyOf(holds);
        queue = List.copyOf(queue);
        otherOwnerStatuses = Map.copyOf(otherOwnerStatuses);
    }

    /**
     * A non-terminal job with its FIFO place.
     *
     * @param enqueuedSeq null only for a job that never asked for its locks
     */
    public record ActiveJob(Job job, Long enqueuedSeq) {
        public ActiveJob {
            Objects.requireNonNull(job, "job");
            if (job.status().isTerminal()) {
                throw new IllegalArgumentException("job " + job.jobId() + " is terminal");
            }
        }

        public String id() {
            return job.jobId();
        }

        public List<String> tables() {
            return job.lockScopeTables();
        }

        /** Running and paused jobs hold keys; queued ones wait (§5.2). */
        public boolean holdsKeys() {
            return job.status() != JobStatus.QUEUED;
        }
    }

    /** A row of {@code lock_holds}. */
    public record HoldRow(String table, String jobId, Instant acquiredAt) {
        public HoldRow {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(acquiredAt, "acquiredAt");
        }
    }

    /** A row of {@code lock_queue}. */
    public record QueueRow(String jobId, String table, long seq) {
        public QueueRow {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(table, "table");
        }
    }
}
