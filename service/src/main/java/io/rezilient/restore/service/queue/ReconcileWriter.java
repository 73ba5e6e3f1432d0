package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.jobs.JobStateMachine;
import io.rezilient.restore.service.jobs.StartPermission;
import io.rezilient.restore.service.locks.LockRows;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link ScopePlan} on the caller's transaction, which holds the scope's advisory lock and the row locks of
 * the scope's non-terminal jobs: lock rows first emptied for every job whose rows change (so no new hold can collide
 * with a stale one on the key's primary key), then every job change through {@link JobStateMachine} — forced
 * terminals, re-queues, promotions, wait reasons, each with its event attributed to the admin — then the new lock
 * rows. It touches only jobs of the plan's scope.
 */
final class ReconcileWriter {
    private final JobStateMachine states;

    ReconcileWriter(JobStateMachine states) {
        this.states = Objects.requireNonNull(states, "states");
    }

    void write(Connection connection, ScopePlan plan, Instant now, Optional<Instant> cutoff, AuditActor actor)
            throws SQLException {
        for (ScopePlan.LockRewrite rewrite : plan.rewrites()) {
            LockRows.dropAll(connection, rewrite.jobId());
        }
        for (ScopePlan.Forced forced : plan.forced()) {
            // forcing needs a cutoff: only stale jobs are forced
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("reconcile_forced_terminal", true)
                    .put("stale_cutoff_at", IsoUtc.format(cutoff.orElseThrow()));
            states.end(connection, forced.job().id(), forced.policy().status(), forced.policy().reasonCode().wire(),
                    now, details, actor);
        }
        for (ScopePlan.Requeued requeued : plan.requeued()) {
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.putArray("blocked_tables").addAll(requeued.blockedTables().stream()
                    .map(JsonNodeFactory.instance::textNode).toList());
            details.put("queue_position", requeued.queuePosition());
            details.put("reconcile_operation", true);
            states.requeue(connection, requeued.job().id(), now, details, actor);
        }
        states.start(connection, plan.promoted().stream().map(ScopeSnapshot.ActiveJob::id).toList(), now,
                JsonNodeFactory.instance.objectNode().put("reconcile_operation", true), actor);
        if (plan.starts().permission() instanceof StartPermission.Withheld withheld) {
            states.waitFor(connection, plan.starts().withhold(), withheld.reasonCode(), now,
                    JsonNodeFactory.instance.objectNode().put("start_withheld", true)
                            .put("source_mapping_message", withheld.message()).put("reconcile_operation", true),
                    actor);
        }
        states.waitFor(connection, plan.starts().waitForLocks(), ReasonCode.QUEUED_SCOPE_LOCK.wire(), now,
                JsonNodeFactory.instance.objectNode().put("start_withheld", false).put("reconcile_operation", true),
                actor);
        for (ScopePlan.LockRewrite rewrite : plan.rewrites()) {
            if (!rewrite.holds().isEmpty()) {
                LockRows.hold(connection, plan.key().job(rewrite.jobId()), rewrite.holds(), now);
            } else if (!rewrite.queued().isEmpty()) {
                long seq = rewrite.seq() != null ? rewrite.seq() : freshSeq(connection, rewrite.jobId());
                LockRows.enqueue(connection, plan.key().job(rewrite.jobId()), rewrite.queued(), seq, now);
            }
        }
    }

    private long freshSeq(Connection connection, String jobId) throws SQLException {
        long seq = LockRows.nextSeq(connection);
        states.assignQueuePlace(connection, jobId, seq);
        return seq;
    }
}
