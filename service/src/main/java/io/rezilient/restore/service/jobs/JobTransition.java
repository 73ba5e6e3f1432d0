package io.rezilient.restore.service.jobs;

import io.rezilient.restore.contracts.restore.JobStatus;

import java.util.EnumSet;
import java.util.Set;

import static io.rezilient.restore.contracts.restore.JobStatus.CANCELLED;
import static io.rezilient.restore.contracts.restore.JobStatus.COMPLETED;
import static io.rezilient.restore.contracts.restore.JobStatus.FAILED;
import static io.rezilient.restore.contracts.restore.JobStatus.PAUSED;
import static io.rezilient.restore.contracts.restore.JobStatus.QUEUED;
import static io.rezilient.restore.contracts.restore.JobStatus.RUNNING;

/**
 * The allowed job transitions (service-spec §5.3): the only changes of a job's status and reason there are, each
 * made by one statement of {@link JobStateMachine} that guards on its {@link #from()} statuses. A change not in this
 * table cannot be made. Terminal statuses have no way out.
 */
public enum JobTransition {
    /** A new job: running when nothing blocks it, else queued ({@code POST /v1/jobs}). */
    ADMIT(EnumSet.noneOf(JobStatus.class), EnumSet.of(RUNNING, QUEUED)),
    /** A queued job starts holding its keys: promoted after a release, at a creation or by a reconcile. */
    START(EnumSet.of(QUEUED), EnumSet.of(RUNNING)),
    /**
     * A queued job's wait reason changes: its start is withheld by the source-mapping check (S14), or, that check
     * passed or the job being blocked again, it waits for keys ({@code queued_scope_lock}).
     */
    WAIT(EnumSet.of(QUEUED), EnumSet.of(QUEUED)),
    /**
     * A running execution stops at a row boundary: its chunk budget is spent (push mode), an operator paused it, or
     * its source mapping was suspended. The job keeps its keys.
     */
    PAUSE(EnumSet.of(RUNNING), EnumSet.of(PAUSED)),
    /** A paused execution continues ({@code POST …/resume}). */
    RESUME(EnumSet.of(PAUSED), EnumSet.of(RUNNING)),
    /** A reconcile puts a running or paused job that collides with an earlier holder back in line. */
    REQUEUE(EnumSet.of(RUNNING, PAUSED), EnumSet.of(QUEUED)),
    /** A job ends: {@code /complete} (queued jobs too) or a reconcile reset forcing a stale job. */
    END(EnumSet.of(QUEUED, RUNNING, PAUSED), EnumSet.of(COMPLETED, FAILED, CANCELLED));

    private final Set<JobStatus> from;
    private final Set<JobStatus> to;

    JobTransition(Set<JobStatus> from, Set<JobStatus> to) {
        this.from = Set.copyOf(from);
        this.to = Set.copyOf(to);
    }

    /** The statuses a job may have before; empty for {@link #ADMIT}, whose job did not exist. */
    public Set<JobStatus> from() {
        return from;
    }

    /** The statuses a job may have after. */
    public Set<JobStatus> to() {
        return to;
    }

    /** The {@link #from()} statuses as wire values, for the statement's guard. */
    String[] fromWire() {
        return from.stream().map(JobStatus::wire).sorted().toArray(String[]::new);
    }

    /**
     * @throws IllegalArgumentException when {@code status} is not a status this transition leads to
     */
    void requireTarget(JobStatus status) {
        if (!to.contains(status)) {
            throw new IllegalArgumentException(name() + " leads to " + to + ", not " + status.wire());
        }
    }
}
