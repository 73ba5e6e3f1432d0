package io.rezilient.restore.service.queue;

import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.jobs.JobDatabase;
import io.rezilient.restore.service.jobs.JobErrors;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.jobs.JobStateMachine;
import io.rezilient.restore.service.jobs.JobStoreUnavailableException;
import io.rezilient.restore.service.jobs.StartPermission;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a queue reconcile or reset (service-spec §5.5).
 *
 * <ul>
 *   <li><b>Dry run</b> (the default): one READ ONLY, REPEATABLE READ transaction, always rolled back. It reads a
 *       consistent picture of every matching (tenant, instance, source), takes no lock and cannot write: the
 *       database refuses any write in a read-only transaction.</li>
 *   <li><b>Apply</b>: exactly one (tenant, instance, source), in one READ COMMITTED transaction
 *       ({@link JobDatabase}): the scope's advisory lock first (the order every lock change of the scope follows),
 *       then its non-terminal job rows {@code FOR UPDATE}, then the plan is decided and written with its events.
 *       Nothing outside the scope is read for update or written — unlike the reference, which rebuilt the global
 *       lock state (§13 item 6).</li>
 * </ul>
 * Both ask the source registry first, outside any transaction, whether each scope's queued jobs may start
 * ({@link StartPermission}, S14): a promotion by reconcile is a start like any other.
 */
public final class QueueReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(QueueReconciler.class);

    private final DataSource dataSource;
    private final JobDatabase database;
    private final PostgresLockManager locks;
    private final SourceMappingEnforcement sourceMappings;
    private final ReconcileWriter writer;
    private final Clock clock;

    public QueueReconciler(DataSource dataSource, PostgresLockManager locks, JobEventLog events,
                           SourceMappingEnforcement sourceMappings, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.database = new JobDatabase(dataSource);
        this.locks = Objects.requireNonNull(locks, "locks");
        this.sourceMappings = Objects.requireNonNull(sourceMappings, "sourceMappings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new ReconcileWriter(new JobStateMachine(events));
    }

    /**
     * @param actor who asked (recorded on every event an apply writes)
     * @throws ApiError 503 {@code job_store_unavailable} when the job tables cannot be read or written
     */
    public QueueReconcileResult run(QueueReconcileRequest request, AuditActor actor) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(actor, "actor");
        Instant now = clock.instant();
        Optional<Instant> cutoff = request.staleAfterMs().isPresent()
                ? Optional.of(now.minusMillis(request.staleAfterMs().getAsLong())) : Optional.empty();
        QueueReconcileResult result;
        try {
            result = request.dryRun() ? dryRun(request, cutoff) : apply(request, now, cutoff, actor);
        } catch (JobStoreUnavailableException failed) {
            throw JobErrors.storeUnavailable(failed);
        }
        log(request, result, actor);
        return result;
    }

    /**
     * The scopes are listed first and their start permissions asked for before the snapshot is opened (no pooled
     * connection is held while the registry answers); a scope that appears in between is left to the next run.
     */
    private QueueReconcileResult dryRun(QueueReconcileRequest request, Optional<Instant> cutoff) {
        List<ScopeKey> keys = request.scope().exactKey().map(List::of).orElseGet(() -> database.read(
                "queue reconcile dry run", connection -> ScopeSnapshotReader.scopesMatching(connection,
                        request.scope())));
        Map<ScopeKey, StartPermission> permissions = new LinkedHashMap<>();
        keys.forEach(key -> permissions.put(key, permission(key)));
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<ScopePlan> plans = new ArrayList<>();
                for (ScopeKey key : keys) {
                    plans.add(ReconcilePlanner.plan(ScopeSnapshotReader.read(connection, key, false), request,
                            cutoff, permissions.get(key)));
                }
                return QueueReconcileResult.of(request, cutoff, plans,
                        ScopeSnapshotReader.counts(connection, request.scope()));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new JobStoreUnavailableException("queue reconcile dry run: " + e.getMessage(), e);
        }
    }

    private QueueReconcileResult apply(QueueReconcileRequest request, Instant now, Optional<Instant> cutoff,
                                       AuditActor actor) {
        ScopeKey key = request.scope().exactKey()
                .orElseThrow(() -> new IllegalStateException("an apply needs an exact scope"));
        StartPermission permission = permission(key);
        return database.inTransaction("queue " + request.operation().route(), connection -> {
            locks.lockScope(connection, key.lockScope());
            ScopePlan plan = ReconcilePlanner.plan(ScopeSnapshotReader.read(connection, key, true), request, cutoff,
                    permission);
            writer.write(connection, plan, now, cutoff, actor);
            return QueueReconcileResult.of(request, cutoff, List.of(plan),
                    ScopeSnapshotReader.counts(connection, request.scope()));
        });
    }

    private StartPermission permission(ScopeKey key) {
        return StartPermission.check(sourceMappings, key.resourceScope());
    }

    /** After the commit: every forced transition on its own line (they end jobs), then one summary line. */
    private static void log(QueueReconcileRequest request, QueueReconcileResult result, AuditActor actor) {
        if (!result.dryRun()) {
            for (StatusChange forced : result.forcedTransitions()) {
                LOG.atWarn().setMessage("queue reconcile forced a stale job terminal")
                        .addKeyValue("operation", request.operation().route())
                        .addKeyValue("job_id", forced.jobId())
                        .addKeyValue("from_status", forced.fromStatus().wire())
                        .addKeyValue("to_status", forced.toStatus().wire())
                        .addKeyValue("reason_code", forced.reasonCode())
                        .addKeyValue("stale_cutoff_at", result.staleCutoff().map(IsoUtc::format).orElse(null))
                        .addKeyValue("actor_type", actor.type().wire())
                        .addKeyValue("actor", actor.id()).log();
            }
        }
        LOG.atInfo().setMessage("queue reconcile finished")
                .addKeyValue("operation", request.operation().route())
                .addKeyValue("dry_run", result.dryRun())
                .addKeyValue("scope", result.scope().toJson().toString())
                .addKeyValue("anomalies", result.anomalies().size())
                .addKeyValue("forced_job_ids", result.forcedTransitions().stream().map(StatusChange::jobId).toList())
                .addKeyValue("promoted_job_ids", result.promotedJobs().stream().map(StatusChange::jobId).toList())
                .addKeyValue("actor_type", actor.type().wire())
                .addKeyValue("actor", actor.id()).log();
    }
}
