package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.audit.LegacyJobEventType;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.jobs.Job;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.jobs.JobSql;
import io.rezilient.restore.service.jobs.JobTransitions;
import io.rezilient.restore.service.locks.LockRows;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a {@link ScopePlan} on the caller's transaction, which holds the scope's advisory lock and the row locks of
 * the scope's non-terminal jobs: lock rows first emptied for every job whose rows change (so no new hold can collide
 * with a stale one on the key's primary key), then the job rows, then the new lock rows, then one event per
 * forced terminal, re-queue and promotion, all attributed to the admin. It touches only jobs of the plan's scope.
 */
final class ReconcileWriter {
    private final JobTransitions transitions;
    private final JobEventLog events;

    ReconcileWriter(JobTransitions transitions, JobEventLog events) {
        this.transitions = Objects.requireNonNull(transitions, "transitions");
        this.events = Objects.requireNonNull(events, "events");
    }

    void write(Connection connection, ScopePlan plan, Instant now, Optional<Instant> cutoff, AuditActor actor)
            throws SQLException {
        for (ScopePlan.LockRewrite rewrite : plan.rewrites()) {
            LockRows.dropAll(connection, rewrite.jobId());
        }
        for (ScopePlan.Forced forced : plan.forced()) {
            if (!JobSql.markTerminal(connection, forced.job().id(), forced.policy().status(),
                    forced.policy().reasonCode().wire(), now)) {
                throw new IllegalStateException("job " + forced.job().id() + " stopped being non-terminal under"
                        + " its row lock");
            }
        }
        for (ScopePlan.Requeued requeued : plan.requeued()) {
            ReconcileJobSql.requeue(connection, requeued.job().id(), now);
        }
        for (ScopeSnapshot.ActiveJob promoted : plan.promoted()) {
            ReconcileJobSql.start(connection, promoted.id(), now);
        }
        for (ScopePlan.LockRewrite rewrite : plan.rewrites()) {
            if (!rewrite.holds().isEmpty()) {
                LockRows.hold(connection, plan.key().job(rewrite.jobId()), rewrite.holds(), now);
            } else if (!rewrite.queued().isEmpty()) {
                long seq = rewrite.seq() != null ? rewrite.seq() : freshSeq(connection, rewrite.jobId());
                LockRows.enqueue(connection, plan.key().job(rewrite.jobId()), rewrite.queued(), seq, now);
            }
        }
        events.append(connection, events(connection, plan, cutoff, actor));
    }

    private static long freshSeq(Connection connection, String jobId) throws SQLException {
        long seq = LockRows.nextSeq(connection);
        ReconcileJobSql.assignSeq(connection, jobId, seq);
        return seq;
    }

    private List<JobEventLog.Pending> events(Connection connection, ScopePlan plan, Optional<Instant> cutoff,
                                             AuditActor actor) throws SQLException {
        List<JobEventLog.Pending> pending = new ArrayList<>();
        Map<String, Job> forcedJobs = byId(JobSql.findAll(connection,
                plan.forced().stream().map(forced -> forced.job().id()).toList()));
        for (ScopePlan.Forced forced : plan.forced()) {
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.put("reconcile_forced_terminal", true);
            // forcing needs a cutoff: only stale jobs are forced
            details.put("stale_cutoff_at", IsoUtc.format(cutoff.orElseThrow()));
            pending.add(new JobEventLog.Pending(forcedJobs.get(forced.job().id()),
                    JobTransitions.terminalEventType(forced.policy().status()), forced.policy().reasonCode().wire(), details, actor));
        }
        Map<String, Job> requeuedJobs = byId(JobSql.findAll(connection,
                plan.requeued().stream().map(requeued -> requeued.job().id()).toList()));
        for (ScopePlan.Requeued requeued : plan.requeued()) {
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.putArray("blocked_tables").addAll(requeued.blockedTables().stream()
                    .map(JsonNodeFactory.instance::textNode).toList());
            details.put("queue_position", requeued.queuePosition());
            details.put("reconcile_operation", true);
            pending.add(new JobEventLog.Pending(requeuedJobs.get(requeued.job().id()), LegacyJobEventType.JOB_QUEUED,
                    ReasonCode.QUEUED_SCOPE_LOCK.wire(), details, actor));
        }
        pending.addAll(transitions.startEvents(connection,
                plan.promoted().stream().map(ScopeSnapshot.ActiveJob::id).toList(),
                JsonNodeFactory.instance.objectNode().put("reconcile_operation", true), actor));
        return pending;
    }

    private static Map<String, Job> byId(List<Job> jobs) {
        return jobs.stream().collect(Collectors.toMap(Job::jobId, Function.identity()));
    }

}
