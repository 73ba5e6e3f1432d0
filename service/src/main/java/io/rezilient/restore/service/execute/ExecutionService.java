package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.ids.ChunkIds;
import io.rezilient.restore.contracts.ids.ExecutionIds;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.ExecutionStatus;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.auth.EffectiveCapabilities;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.jobs.Job;
import io.rezilient.restore.service.jobs.JobDatabase;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.jobs.JobService;
import io.rezilient.restore.service.jobs.JobSql;
import io.rezilient.restore.service.jobs.JobStateMachine;
import io.rezilient.restore.service.jobs.JobStoreUnavailableException;
import io.rezilient.restore.service.jobs.JobTransitions;
import io.rezilient.restore.service.jobs.StartPermission;
import io.rezilient.restore.service.locks.LockScope;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.queue.ForcePolicy;
import io.rezilient.restore.service.queue.QueueOperation;
import io.rezilient.restore.service.queue.QueueReconcileRequest;
import io.rezilient.restore.service.queue.QueueReconciler;
import io.rezilient.restore.service.queue.QueueScope;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Restore execution (service-spec §3.5, §6; architecture §5 items 2–4, §7): arming an execution, pull-mode claims
 * and commits, push-mode attempts (the same claims and commits, made in process for a {@link PushApplier}), pause
 * and resume, and the reads. Every change is one transaction that takes the scope lock, then the
 * job row, then the execution row, so claims and commits of one job are serialised and a terminal commit releases
 * the job's locks and promotes its successors in the same transaction as the last outcomes.
 */
public final class ExecutionService {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);
    /** Claims a job can have active at once: the one being applied and one pipelined after it (S71). */
    static final int MAX_ACTIVE_CLAIMS = 2;

    private final JobDatabase database;
    private final PlanStore plans;
    private final SourceMappingEnforcement sourceMappings;
    private final PostgresLockManager locks;
    private final JobStateMachine states;
    private final JobTransitions transitions;
    private final QueueReconciler reconciler;
    private final Arming arming;
    private final ExecutionSettings settings;
    private final Optional<PushApplier> pushApplier;
    private final EvidenceHook evidence;
    private final Clock clock;

    /**
     * @param pushApplier what applies rows in push mode; required when {@code settings} say push, and without one an
     *                    execution armed in push mode cannot be resumed here
     */
    public ExecutionService(JobDatabase database, PlanStore plans, SourceMappingEnforcement sourceMappings,
                            PostgresLockManager locks, JobEventLog events, EffectiveCapabilities capabilities,
                            QueueReconciler reconciler, ExecutionSettings settings, Optional<PushApplier> pushApplier,
                            EvidenceHook evidence, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.sourceMappings = Objects.requireNonNull(sourceMappings, "sourceMappings");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.states = new JobStateMachine(events);
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pushApplier = Objects.requireNonNull(pushApplier, "pushApplier");
        if (settings.progressMode() == ExecutionSettings.ProgressMode.PUSH && pushApplier.isEmpty()) {
            throw new IllegalArgumentException("push mode needs a push applier");
        }
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transitions = new JobTransitions(locks, states, clock);
        this.arming = new Arming(capabilities, settings);
    }

    /** An answer: its HTTP status and body. */
    public record Answer(int status, ObjectNode body) {
    }

    // ---------------------------------------------------------------------------------------------------- execute

    /** {@code POST /v1/jobs/{id}/execution} (§3.5, §6.2). */
    public Answer execute(Principal caller, String jobId, ObjectNode body) {
        Optional<Job> visible = readJob(caller, jobId);
        visible.ifPresent(job -> preflightReconcile(caller, job));
        Job job = readJob(caller, jobId).orElseThrow(ExecutionErrors::notFound);
        Optional<Execution> existing = read(connection -> ExecutionSql.find(connection, jobId));
        if (existing.isPresent()) {
            Execution execution = existing.get();
            if (execution.isTerminal()) {
                return new Answer(200, answer(execution, List.of()));
            }
            if (job.status() == JobStatus.PAUSED) {
                throw ExecutionErrors.jobPaused(job.statusReasonCode());
            }
            throw isPush(execution) ? ExecutionErrors.pushInProgress() : ExecutionErrors.executionInProgress();
        }
        if (job.status() != JobStatus.RUNNING) {
            throw ExecutionErrors.jobNotRunning(job.status().wire());
        }
        ExecuteRequest request = ExecuteRequest.parse(body);
        ExecutablePlan plan = ExecutablePlan.validate(plans, job);
        Instant now = now();
        Arming.Armed armed = read(connection -> arming.check(connection, caller, job, plan, Arming.Ask.of(request),
                now));
        Execution execution = write("arm execution", connection -> {
            lockJob(connection, caller, jobId, EnumSetOf.RUNNING);
            if (ExecutionSql.find(connection, jobId).isPresent()) {
                throw ExecutionErrors.executionInProgress();
            }
            return insert(connection, armed, plan, now);
        });
        LOG.atInfo().setMessage("execution armed").addKeyValue("job_id", jobId)
                .addKeyValue("plan_id", job.planId()).addKeyValue("rows", execution.totalRows())
                .addKeyValue("chunk_size", execution.chunkSize())
                .addKeyValue("progress_mode", execution.progressMode())
                .addKeyValue("actor", caller.subject()).log();
        if (isPush(execution)) {
            return push(caller, jobId);
        }
        return new Answer(202, answer(execution, List.of()));
    }

    /** Inserts an armed execution and its work list; returns it as stored. */
    private Execution insert(Connection connection, Arming.Armed armed, ExecutablePlan plan, Instant now)
            throws SQLException {
        Execution execution = armed.execution();
        ExecutionSql.insert(connection, execution);
        int rows = ExecutionSql.insertRows(connection, execution.jobId(), plan.key(), plan.header().deleteCandidates());
        int chunks = Checkpoint.totalChunks(rows, execution.chunkSize());
        ExecutionSql.setTotals(connection, execution.jobId(), rows, chunks);
        try (var statement = connection.prepareStatement(
                "UPDATE rez_restore.executions SET planned_rows = ? WHERE job_id = ?")) {
            statement.setInt(1, rows);
            statement.setString(2, execution.jobId());
            statement.executeUpdate();
        }
        ExecutionSql.insertRevalidated(connection, execution.jobId(), armed.revalidated());
        ExecutionSql.insertRuntimeConflicts(connection, execution.jobId(), armed.runtimeConflicts());
        states.touch(connection, execution.jobId(), now);
        return ExecutionSql.find(connection, execution.jobId()).orElseThrow();
    }

    /**
     * The §3.5 preflight: a queue reset of the job's scope and tables that forces stale blockers failed
     * ({@code failed_stale_lock_recovered}) and may promote the job itself; the job is never forced.
     */
    private void preflightReconcile(Principal caller, Job job) {
        QueueScope scope = new QueueScope(Optional.of(job.tenantId()), Optional.of(job.instanceId()),
                Optional.of(job.source()), job.lockScopeTables());
        QueueReconcileRequest request = new QueueReconcileRequest(QueueOperation.RESET, false, scope,
                OptionalLong.of(settings.preflightStaleAfter().toMillis()),
                Optional.of(new ForcePolicy(JobStatus.FAILED, ReasonCode.FAILED_STALE_LOCK_RECOVERED)),
                Set.of(job.jobId()));
        reconciler.run(request, JobService.actorOf(caller));
    }

    // ------------------------------------------------------------------------------------------------------ claim

    /**
     * {@code POST /v1/jobs/{id}/execute-batches/claim} (§6.7, architecture §5 item 3). The rows' {@code values} and
     * {@code metadata} in the answer are raw JSON text ({@link RawValue}): they serialise as stored but cannot be
     * navigated as trees — an in-process caller reads the answer through {@link #claimAsTree}.
     */
    public ObjectNode claim(Principal caller, String jobId, ObjectNode body) {
        Job job = readJob(caller, jobId).orElseThrow(ExecutionErrors::notFound);
        requireClaimable(job);
        ClaimRequest request = ClaimRequest.parse(body);
        if (request.operatorId().isPresent() && !request.operatorId().get().equals(caller.subject())) {
            throw ExecutionErrors.identityMismatch("operator_id");
        }
        ExecutablePlan plan = ExecutablePlan.validate(plans, job);
        pauseIfSuspended(caller, job);
        Instant now = now();
        Optional<Arming.Armed> toArm = read(connection -> ExecutionSql.find(connection, jobId)).isPresent()
                ? Optional.empty()
                : Optional.of(read(connection -> arming.check(connection, caller, job, plan,
                Arming.Ask.ofClaim(request), now)));
        return write("claim rows", connection -> {
            Job locked = lockJob(connection, caller, jobId, EnumSetOf.ANY);
            requireClaimable(locked);
            Optional<Execution> found = ExecutionSql.findForUpdate(connection, jobId);
            Execution execution;
            if (found.isPresent()) {
                execution = found.get();
            } else if (toArm.isPresent()) {
                insert(connection, toArm.get(), plan, now);
                execution = ExecutionSql.findForUpdate(connection, jobId).orElseThrow();
                LOG.atInfo().setMessage("execution armed by a claim").addKeyValue("job_id", jobId)
                        .addKeyValue("actor", caller.subject()).log();
            } else {
                // armed concurrently between the read and this transaction: take the stored one
                execution = ExecutionSql.findForUpdate(connection, jobId).orElseThrow();
            }
            if (!execution.checkpoint().idMatches(jobId, execution.planHash())) {
                throw ExecutionErrors.checkpointMismatch("stored checkpoint_id does not match its cursor");
            }
            if (execution.isTerminal()) {
                return notClaimed(job, "execution is " + execution.status().wire() + "; nothing left to claim",
                        execution.reasonCode(), request);
            }
            int from = claimCursor(connection, execution, request, now);
            int max = request.maxRows().isPresent() ? request.maxRows().getAsInt() : execution.chunkSize();
            int to = Math.min(execution.totalRows(), from + max);
            if (to <= from) {
                return notClaimed(job, "no rows left to claim", ReasonCode.NONE.wire(), request);
            }
            List<ExecutionSql.WorkRow> rows = ExecutionSql.takeRows(connection, jobId, from, to);
            Map<String, RuntimeConflict> conflicts = ExecutionSql.runtimeConflicts(connection, jobId);
            Map<String, ExecutionSql.RowPayload> payloads = ExecutionSql.payloads(connection, plan.key(),
                    rows.stream().filter(row -> row.origin().equals("plan")).map(ExecutionSql.WorkRow::rowId).toList());
            revalidateClaimed(connection, execution, plan, rows, payloads, request.revalidatedTargetRecords());
            // an undo job's rows name the journal entry whose before-image they restore
            Map<String, String> undone = RollbackClaims.journalIds(connection, plan,
                    rows.stream().map(ExecutionSql.WorkRow::rowId).toList());
            Instant claimedAt = now.truncatedTo(ChronoUnit.MILLIS);
            // the cursor the claim starts at: the checkpoint's, or for a pipelined claim the row after the held one
            int chunkIndex = from / execution.chunkSize();
            int rowIndex = from % execution.chunkSize();
            String claimId = ExecutionIds.claimId(jobId, execution.planHash(), chunkIndex, rowIndex,
                    IsoUtc.format(claimedAt));
            Instant expires = claimedAt.plus(settings.claimLease());
            ClaimSql.insert(connection, new ClaimSql.Claim(claimId, jobId, job.planId(), execution.planHash(),
                    claimedAt, caller.subject(), expires, from, to, chunkIndex, rowIndex, "claimed",
                    Optional.empty(), Optional.empty()));
            states.touch(connection, jobId, now);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("accepted", true);
            answer.put("job_id", jobId);
            answer.put("claim_id", claimId);
            answer.put("claimed_at", IsoUtc.format(claimedAt));
            answer.put("claimed_by", caller.subject());
            ArrayNode claimed = answer.putArray("claimed_rows");
            for (ExecutionSql.WorkRow row : rows) {
                ObjectNode json = claimed.addObject();
                json.put("row_id", row.rowId());
                json.put("table", row.table());
                json.put("record_sys_id", row.recordSysId());
                // a row whose runtime conflict resolves to skip is handed out as a skip: the agent must not write it
                json.put("action", conflicts.containsKey(row.rowId()) ? "skip" : row.action());
                json.put("chunk_id", Checkpoint.chunkIdOf(row.position(), execution.chunkSize()));
                json.put("row_attempt", row.rowAttempt());
                ExecutionSql.RowPayload payload = payloads.get(row.rowId());
                // the stored JSON text goes out as it is: parsing a thousand rows of ciphertext only to write them
                // again was a tenth of the service's work in a restore (scripts/bench execute)
                if (payload == null) {
                    json.putObject("values");
                } else {
                    json.putRawValue("values", new RawValue(payload.valuesJson()));
                }
                // ours: what the agent needs to open the values (identity of the sealed row) and to check the row
                if (payload != null) {
                    json.putRawValue("metadata", new RawValue(payload.metadataJson()));
                    json.put("precondition_hash", payload.preconditionHash());
                } else {
                    json.putNull("metadata");
                }
                json.put("origin", row.origin());
                if (undone.containsKey(row.rowId())) {
                    json.put("journal_id", undone.get(row.rowId()));
                }
            }
            answer.put("has_more_rows", to < execution.totalRows());
            answer.put("message", "claimed " + rows.size() + " row(s)");
            answer.put("reason_code", ReasonCode.NONE.wire());
            putMaxRows(answer, request);
            // ours: the lease, the plan's identity and column scope
            answer.put("claim_expires_at", IsoUtc.format(expires));
            answer.put("plan_id", job.planId());
            answer.put("plan_hash", execution.planHash());
            answer.put("tenant_id", job.tenantId());
            answer.put("instance_id", job.instanceId());
            answer.put("source", job.source());
            Optional<List<String>> columns = plan.columns();
            if (columns.isPresent()) {
                answer.set("columns", ExecutionSql.textArray(columns.get()));
            } else {
                answer.putNull("columns");
            }
            answer.put("planned_rows", execution.totalRows());
            answer.put("processed_rows", from);
            RollbackClaims.rollbackOf(plan).ifPresent(undoneJob -> answer.put("rollback_of_job_id", undoneJob));
            return answer;
        });
    }

    /** {@link #claim} as a plain tree, for callers in this process (push mode) that read the rows' values. */
    ObjectNode claimAsTree(Principal caller, String jobId, ObjectNode body) {
        return (ObjectNode) Json.parse(claim(caller, jobId, body).toString());
    }

    /**
     * Where a new claim starts (§6.7 with deviations S61 and S71). Active claims whose lease ran out are superseded
     * first — all of them, because a claim pipelined after an expired one could only be committed after it. Then the
     * claim starts at the checkpoint when no claim is active, or right after the held claim when the caller names it
     * as {@code after_claim_id} and it is the only one; anything else is {@code 409 claim_in_progress}.
     */
    private static int claimCursor(Connection connection, Execution execution, ClaimRequest request, Instant now)
            throws SQLException {
        List<ClaimSql.Claim> active = ClaimSql.active(connection, execution.jobId());
        if (active.stream().anyMatch(claim -> claim.expiredAt(now))) {
            for (ClaimSql.Claim claim : active) {
                ClaimSql.supersede(connection, claim.claimId());
                LOG.atWarn().setMessage("expired claim superseded").addKeyValue("job_id", execution.jobId())
                        .addKeyValue("claim_id", claim.claimId()).addKeyValue("claimed_by", claim.claimedBy()).log();
            }
            return execution.checkpoint().nextPosition();
        }
        if (active.isEmpty()) {
            return execution.checkpoint().nextPosition();
        }
        ClaimSql.Claim held = active.getLast();
        boolean pipelined = active.size() < MAX_ACTIVE_CLAIMS
                && request.afterClaimId().filter(held.claimId()::equals).isPresent();
        if (!pipelined) {
            throw ExecutionErrors.claimInProgress(held.claimId(), IsoUtc.format(held.expiresAt()));
        }
        return held.toPosition();
    }

    private static void putMaxRows(ObjectNode answer, ClaimRequest request) {
        if (request.maxRows().isPresent()) {
            answer.put("requested_max_rows", request.maxRows().getAsInt());
        } else {
            answer.putNull("requested_max_rows");
        }
    }

    private static ObjectNode notClaimed(Job job, String message, String reasonCode, ClaimRequest request) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("accepted", false);
        answer.put("job_id", job.jobId());
        answer.putNull("claim_id");
        answer.putNull("claimed_at");
        answer.putNull("claimed_by");
        answer.putArray("claimed_rows");
        answer.put("has_more_rows", false);
        answer.put("message", message);
        answer.put("reason_code", reasonCode);
        putMaxRows(answer, request);
        return answer;
    }

    /**
     * §6.5 for the claimed rows: records the claim sends (stored when the execution has none yet) or stored at
     * execute time; each record known must give the row's planned action. Rows without a known record are checked by
     * the agent under the target's row locks (deviation: the reference calls an unconfigured lookup and answers 503).
     */
    private static void revalidateClaimed(Connection connection, Execution execution, ExecutablePlan plan,
                                          List<ExecutionSql.WorkRow> rows,
                                          Map<String, ExecutionSql.RowPayload> payloads, List<RevalidatedRecord> sent)
            throws SQLException {
        Map<String, RevalidatedRecord> known = new HashMap<>();
        List<RevalidatedRecord> stored = ExecutionSql.revalidated(connection, execution.jobId());
        stored.forEach(record -> known.put(record.key(), record));
        if (!sent.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (RevalidatedRecord record : sent) {
                if (!seen.add(record.key())) {
                    throw ExecutionErrors.revalidationIncomplete("revalidated_target_records names " + record.key()
                            + " twice");
                }
                known.put(record.key(), record);
            }
            if (stored.isEmpty()) {
                ExecutionSql.insertRevalidated(connection, execution.jobId(), sent);
            }
        }
        if (known.isEmpty()) {
            return;
        }
        List<String> changed = new ArrayList<>();
        for (ExecutionSql.WorkRow row : rows) {
            RevalidatedRecord record = known.get(row.table() + "|" + row.recordSysId());
            if (record == null || row.action().equals("skip")) {
                continue;
            }
            // an allowed delete candidate has no plan row (its payload is not read): it deletes
            String operation = payloads.containsKey(row.rowId()) ? payloads.get(row.rowId()).sourceOperation() : "D";
            var expected = plan.expectedAction(
                    io.rezilient.restore.contracts.restore.SourceOperation.fromWire(operation), record.targetState());
            if (expected.isEmpty() || !expected.get().wire().equals(row.action())) {
                changed.add(record.key() + " (" + record.targetState().wire() + ", planned " + row.action() + ")");
            }
        }
        if (!changed.isEmpty()) {
            throw ExecutionErrors.revalidationFailed("the target changed since the plan was reconciled: " + changed);
        }
    }

    private static void requireClaimable(Job job) {
        if (job.status() == JobStatus.PAUSED) {
            throw ExecutionErrors.jobPaused(job.statusReasonCode());
        }
        if (job.status() != JobStatus.RUNNING) {
            throw ExecutionErrors.jobNotClaimable(job.status().wire());
        }
    }

    // ----------------------------------------------------------------------------------------------------- commit

    /**
     * Which rows the commit answer's {@code checkpoint.row_attempt_by_row} lists: every row attempted so far (§3.5,
     * the default), or (ours, {@code ?row_attempts=claimed}) only the committed claim's rows, so an agent working a
     * large execution is not sent, and the service does not build and store, an answer that grows with every row
     * done before.
     */
    public enum RowAttempts { ALL, CLAIMED }

    /** {@code POST /v1/jobs/{id}/execute-batches/commit} (§6.7): idempotent by claim id. */
    public ObjectNode commit(Principal caller, String jobId, ObjectNode body) {
        return commit(caller, jobId, body, RowAttempts.ALL);
    }

    /**
     * A commit whose answer lists the row attempts {@code rowAttempts} says; a repeated identical commit answers what
     * the first one answered.
     */
    public ObjectNode commit(Principal caller, String jobId, ObjectNode body, RowAttempts rowAttempts) {
        Job job = readJob(caller, jobId).orElseThrow(ExecutionErrors::notFound);
        if (job.status() != JobStatus.RUNNING && job.status() != JobStatus.PAUSED) {
            Optional<ObjectNode> replay = replayOf(jobId, body);
            if (replay.isPresent()) {
                return withEvidence(replay.get(), replay.get().path("execution_status").asText(), jobId);
            }
            throw ExecutionErrors.jobNotCommittable(job.status().wire());
        }
        CommitRequest request = CommitRequest.parse(body);
        if (request.committedBy().isPresent() && !request.committedBy().get().equals(caller.subject())) {
            throw ExecutionErrors.identityMismatch("committed_by");
        }
        ExecutablePlan plan = ExecutablePlan.validate(plans, job);
        String fingerprint = CommitFingerprint.of(body);
        StartPermission permission = StartPermission.check(sourceMappings, job.scope());
        Optional<ReasonCode> suspended = sourceMappings.pauseReason(job.scope());
        AuditActor actor = JobService.actorOf(caller);
        Instant now = now();
        ObjectNode answer = write("commit claim", connection -> {
            Job locked = lockJob(connection, caller, jobId, EnumSetOf.ANY);
            Execution execution = ExecutionSql.findForUpdate(connection, jobId)
                    .orElseThrow(ExecutionErrors::executionMissing);
            ClaimSql.Claim claim = ClaimSql.find(connection, request.claimId())
                    .filter(found -> found.jobId().equals(jobId))
                    .orElseThrow(() -> ExecutionErrors.claimNotFound(request.claimId()));
            if ("committed".equals(claim.status())) {
                if (CommitFingerprint.matches(claim.commitFingerprint().orElse(""), fingerprint, body)) {
                    return claim.commitResponse().orElseThrow();
                }
                throw ExecutionErrors.claimNotClaimed(claim.claimId());
            }
            if (!claim.isActive()) {
                throw ExecutionErrors.claimNotActive(claim.claimId());
            }
            if (claim.fromPosition() != execution.checkpoint().nextPosition()) {
                // a pipelined claim (S71) whose predecessor is not committed yet: the checkpoint only moves forward
                throw ExecutionErrors.claimOutOfOrder(claim.claimId(), execution.checkpoint().nextPosition(),
                        claim.fromPosition());
            }
            if (locked.status() != JobStatus.RUNNING && locked.status() != JobStatus.PAUSED) {
                throw ExecutionErrors.jobNotCommittable(locked.status().wire());
            }
            List<ExecutionSql.WorkRow> rows = ExecutionSql.rows(connection, jobId, claim.fromPosition(),
                    claim.toPosition());
            List<OutcomeSql.RowResult> results = results(connection, execution, plan, claim, rows, request);
            OutcomeSql.record(connection, jobId, results, now);
            OutcomeSql.journal(connection, jobId, execution.planHash(), caller.subject(), plan.columns(), results, now);
            int applied = 0;
            int skipped = 0;
            int failed = 0;
            for (OutcomeSql.RowResult result : results) {
                switch (result.outcome()) {
                    case "applied" -> applied++;
                    case "skipped" -> skipped++;
                    default -> failed++;
                }
            }
            Set<Integer> chunks = new TreeSet<>();
            rows.forEach(row -> chunks.add(row.position() / execution.chunkSize()));
            int completedChunks = (int) chunks.stream()
                    .filter(chunk -> (chunk + 1) * execution.chunkSize() <= claim.toPosition()
                            || claim.toPosition() == execution.totalRows()).count();
            OutcomeSql.refreshChunks(connection, jobId, execution.chunkSize(), chunks, now);
            ExecutionSql.addProgress(connection, jobId, applied, skipped, failed, completedChunks, now);
            Checkpoint next = Checkpoint.at(jobId, execution.planHash(), claim.toPosition(), execution.chunkSize(),
                    execution.totalRows(),
                    Optional.of(ChunkIds.chunkId((claim.toPosition() - 1) / execution.chunkSize())), now);
            ExecutionSql.writeCheckpoint(connection, jobId, next, false);
            List<String> promoted = List.of();
            if (claim.toPosition() >= execution.totalRows()) {
                promoted = finish(connection, locked, permission, actor, now);
            } else {
                states.touch(connection, jobId, now);
                if (suspended.isPresent() && locked.status() == JobStatus.RUNNING) {
                    pause(connection, locked, suspended.get().wire(), actor, now);
                }
            }
            Execution after = ExecutionSql.find(connection, jobId).orElseThrow();
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            response.put("accepted", true);
            response.put("claim_id", claim.claimId());
            response.put("committed_rows", results.size());
            response.put("job_id", jobId);
            response.put("execution_status", after.status().wire());
            response.set("checkpoint", rowAttempts == RowAttempts.ALL ? ExecutionView.checkpoint(connection, after)
                    : ExecutionView.checkpoint(connection, after, claim.fromPosition(), claim.toPosition()));
            response.set("summary", ExecutionView.summary(connection, after));
            response.put("message", after.isTerminal() ? "execution " + after.status().wire()
                    : "committed " + results.size() + " row(s)");
            response.put("reason_code", after.reasonCode());
            response.putArray("promoted_job_ids").addAll(promoted.stream()
                    .map(JsonNodeFactory.instance::textNode).toList());
            ClaimSql.markCommitted(connection, claim.claimId(), caller.subject(), now, fingerprint, response);
            return response;
        });
        LOG.atInfo().setMessage("claim committed").addKeyValue("job_id", jobId)
                .addKeyValue("claim_id", request.claimId()).addKeyValue("rows", answer.path("committed_rows").asInt())
                .addKeyValue("execution_status", answer.path("execution_status").asText())
                .addKeyValue("actor", caller.subject()).log();
        return withEvidence(answer, answer.path("execution_status").asText(), jobId);
    }

    /** A repeated identical commit of a job that ended meanwhile still answers what it answered. */
    private Optional<ObjectNode> replayOf(String jobId, ObjectNode body) {
        String claimId = body.path("claim_id").asText("");
        if (claimId.isEmpty()) {
            return Optional.empty();
        }
        String fingerprint = CommitFingerprint.of(body);
        return read(connection -> ClaimSql.findStored(connection, claimId)
                .filter(claim -> claim.jobId().equals(jobId) && "committed".equals(claim.status())
                        && CommitFingerprint.matches(claim.commitFingerprint().orElse(""), fingerprint, body))
                .flatMap(ClaimSql.Claim::commitResponse));
    }

    /**
     * The outcomes a commit records, checked against the claim (§6.7): one outcome per claimed row, no duplicates,
     * nothing else; a row whose runtime conflict resolves to skip is recorded as skipped with the conflict whatever
     * the agent said.
     */
    private static List<OutcomeSql.RowResult> results(Connection connection, Execution execution, ExecutablePlan plan,
                                                      ClaimSql.Claim claim, List<ExecutionSql.WorkRow> rows,
                                                      CommitRequest request) throws SQLException {
        Map<String, CommittedRow> byRow = new LinkedHashMap<>();
        for (CommittedRow row : request.rowOutcomes()) {
            if (byRow.put(row.rowId(), row) != null) {
                throw ExecutionErrors.claimCommitMismatch("row " + row.rowId() + " has two outcomes");
            }
        }
        if (byRow.size() != rows.size()) {
            throw ExecutionErrors.claimCommitMismatch("claim " + claim.claimId() + " has " + rows.size()
                    + " row(s); the commit has " + byRow.size() + " outcome(s)");
        }
        Map<String, RuntimeConflict> conflicts = ExecutionSql.runtimeConflicts(connection, execution.jobId());
        // the plan's values are only the journal's fallback for an applied row that came without its before-image
        Map<String, ExecutionSql.RowPayload> payloads = ExecutionSql.payloads(connection, plan.key(), rows.stream()
                .map(ExecutionSql.WorkRow::rowId)
                .filter(rowId -> !conflicts.containsKey(rowId) && byRow.containsKey(rowId)
                        && byRow.get(rowId).outcome() == RowOutcome.APPLIED && byRow.get(rowId).beforeImage().isEmpty())
                .toList());
        List<OutcomeSql.RowResult> results = new ArrayList<>(rows.size());
        for (ExecutionSql.WorkRow row : rows) {
            CommittedRow sent = byRow.get(row.rowId());
            if (sent == null) {
                throw ExecutionErrors.claimCommitMismatch("claimed row " + row.rowId() + " has no outcome");
            }
            String chunkId = Checkpoint.chunkIdOf(row.position(), execution.chunkSize());
            RuntimeConflict conflict = conflicts.get(row.rowId());
            Optional<ObjectNode> values = Optional.ofNullable(payloads.get(row.rowId()))
                    .map(ExecutionSql.RowPayload::values);
            if (conflict != null) {
                results.add(new OutcomeSql.RowResult(row, "skipped", conflict.reasonCode(), chunkId,
                        row.rowAttempt(), true, Optional.of(conflict.conflictId()),
                        Optional.of(conflict.conflictClass().wire()), Optional.of(conflict.resolution().wire()),
                        Optional.of(conflict.reason()), Optional.of(claim.claimId()), Optional.empty(), values));
                continue;
            }
            // a conflict the agent found on the target: identified by its row, so a chunk names what triggered it
            Optional<String> conflictId = sent.conflictClass().map(ignored -> "target." + row.rowId());
            results.add(new OutcomeSql.RowResult(row, sent.outcome().wire(), sent.reasonCode(), chunkId,
                    row.rowAttempt(), sent.usedRowFallback(), conflictId, sent.conflictClass(),
                    Optional.empty(), sent.message(), Optional.of(claim.claimId()), sent.beforeImage(), values,
                    sent.afterFingerprint()));
        }
        return results;
    }

    /** The last rows are recorded: the execution and its job end together, and the job's locks go to its successors. */
    private List<String> finish(Connection connection, Job job, StartPermission permission, AuditActor actor,
                                Instant now) throws SQLException {
        Execution execution = ExecutionSql.find(connection, job.jobId()).orElseThrow();
        boolean failed = execution.failedRows() > 0;
        ExecutionStatus status = failed ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED;
        String reason = failed ? ReasonCode.FAILED_INTERNAL_ERROR.wire() : ReasonCode.NONE.wire();
        ExecutionSql.updateStatus(connection, job.jobId(), status, reason, now, now);
        JobTransitions.Terminated ended = transitions.terminate(connection, job,
                failed ? JobStatus.FAILED : JobStatus.COMPLETED, reason, permission, actor);
        LOG.atInfo().setMessage("execution finished").addKeyValue("job_id", job.jobId())
                .addKeyValue("status", status.wire()).addKeyValue("applied_rows", execution.appliedRows())
                .addKeyValue("skipped_rows", execution.skippedRows())
                .addKeyValue("failed_rows", execution.failedRows())
                .addKeyValue("promoted_job_ids", ended.promotedJobIds()).log();
        return ended.promotedJobIds();
    }

    // ------------------------------------------------------------------------------------------------ pause/resume

    /** Pauses a running job's execution with {@code reasonCode}; its current claim can still be committed. */
    private void pause(Connection connection, Job job, String reasonCode, AuditActor actor, Instant now)
            throws SQLException {
        states.pause(connection, job.jobId(), reasonCode, now, JsonNodeFactory.instance.objectNode(), actor);
        ExecutionSql.updateStatus(connection, job.jobId(), ExecutionStatus.PAUSED, reasonCode, null, now);
        LOG.atWarn().setMessage("execution paused").addKeyValue("job_id", job.jobId())
                .addKeyValue("reason_code", reasonCode).log();
    }

    /** Pauses before handing out rows when the source mapping was suspended, and refuses the call. */
    private void pauseIfSuspended(Principal caller, Job job) {
        Optional<ReasonCode> suspended = sourceMappings.pauseReason(job.scope());
        if (suspended.isEmpty()) {
            return;
        }
        AuditActor actor = JobService.actorOf(caller);
        Instant now = now();
        write("pause suspended execution", connection -> {
            Job locked = lockJob(connection, caller, job.jobId(), EnumSetOf.ANY);
            if (locked.status() == JobStatus.RUNNING && ExecutionSql.find(connection, job.jobId()).isPresent()) {
                pause(connection, locked, suspended.get().wire(), actor, now);
            }
            return null;
        });
        throw ExecutionErrors.sourceSuspended(suspended.get().wire(), "the source mapping is suspended ("
                + suspended.get().wire() + "); execution paused; resume once it is active again");
    }

    /** Ours: {@code POST /v1/jobs/{id}/pause} — an operator pauses a running execution ({@code paused_manual}). */
    public Answer pause(Principal caller, String jobId) {
        AuditActor actor = JobService.actorOf(caller);
        Instant now = now();
        ObjectNode body = write("pause execution", connection -> {
            Job locked = lockJob(connection, caller, jobId, EnumSetOf.ANY);
            Execution execution = ExecutionSql.findForUpdate(connection, jobId)
                    .orElseThrow(ExecutionErrors::checkpointMissing);
            if (execution.isTerminal()) {
                return answer(connection, execution, List.of());
            }
            if (locked.status() != JobStatus.RUNNING) {
                throw ExecutionErrors.jobNotRunning(locked.status().wire());
            }
            pause(connection, locked, ReasonCode.PAUSED_MANUAL.wire(), actor, now);
            return answer(connection, ExecutionSql.find(connection, jobId).orElseThrow(), List.of());
        });
        return new Answer(202, body);
    }

    /** {@code POST /v1/jobs/{id}/resume} (§6.6 resume sequence, in both progress modes: deviation 4). */
    public Answer resume(Principal caller, String jobId, ObjectNode body) {
        Optional<Job> visible = readJob(caller, jobId);
        if (visible.isEmpty()) {
            throw ExecutionErrors.notFound();
        }
        Job job = visible.get();
        Execution execution = read(connection -> ExecutionSql.find(connection, jobId))
                .orElseThrow(ExecutionErrors::checkpointMissing);
        if (execution.isTerminal()) {
            return new Answer(200, answer(execution, List.of()));
        }
        if (job.status() != JobStatus.PAUSED) {
            throw ExecutionErrors.jobNotPaused(job.status().wire());
        }
        if (isPush(execution) && pushApplier.isEmpty()) {
            throw ExecutionErrors.pushTargetMissing();
        }
        if (!execution.checkpoint().idMatches(jobId, execution.planHash())) {
            throw ExecutionErrors.checkpointMismatch("stored checkpoint_id " + execution.checkpoint().checkpointId()
                    + " does not match its cursor");
        }
        ResumeRequest request = ResumeRequest.parse(body);
        arming.checkResume(caller, execution, request.operatorId(), request.operatorCapabilities());
        ExecutablePlan plan = ExecutablePlan.validate(plans, job);
        read(connection -> {
            List<String> conflictRows = request.runtimeConflicts().stream().map(RuntimeConflict::rowId).toList();
            Set<String> outside = new TreeSet<>(conflictRows);
            ExecutionSql.planRowIds(connection, plan.key(), conflictRows).forEach(outside::remove);
            if (!outside.isEmpty()) {
                throw ExecutionErrors.runtimeConflictOutsidePlan(outside);
            }
            return null;
        });
        for (RuntimeConflict conflict : request.runtimeConflicts()) {
            ConflictMatrix.judge(conflict.conflictId(), conflict.conflictClass().wire(),
                    Optional.of(conflict.resolution().wire())).ifPresent(block -> {
                throw ExecutionErrors.runtimeConflictBlocked(block.reasonCode(), block.message());
            });
        }
        if (request.expectedPlanChecksum().isPresent()
                && !request.expectedPlanChecksum().get().equals(execution.planChecksum())) {
            throw ExecutionErrors.planChecksumMismatch("expected_plan_checksum does not match the execution's");
        }
        if (request.expectedPreconditionChecksum().isPresent()
                && !request.expectedPreconditionChecksum().get().equals(execution.preconditionChecksum())) {
            throw ExecutionErrors.preconditionChecksumMismatch(
                    "expected_precondition_checksum does not match the execution's");
        }
        if (!plan.planChecksum().equals(execution.planChecksum())) {
            throw ExecutionErrors.planChecksumMismatch("the plan changed since the execution started");
        }
        if (!plan.preconditionChecksum().equals(execution.preconditionChecksum())) {
            throw ExecutionErrors.preconditionChecksumMismatch(
                    "the plan's preconditions changed since the execution started");
        }
        if (!request.revalidatedTargetRecords().isEmpty()) {
            read(connection -> {
                Arming.revalidate(connection, plan, request.revalidatedTargetRecords());
                return null;
            });
        }
        Optional<ReasonCode> suspended = sourceMappings.pauseReason(job.scope());
        if (suspended.isPresent()) {
            throw ExecutionErrors.sourceSuspended(suspended.get().wire(), "the source mapping is still suspended ("
                    + suspended.get().wire() + "); resume once it is active again");
        }
        AuditActor actor = JobService.actorOf(caller);
        Instant now = now();
        ObjectNode answer = write("resume execution", connection -> {
            Job locked = lockJob(connection, caller, jobId, EnumSetOf.ANY);
            if (locked.status() != JobStatus.PAUSED) {
                throw ExecutionErrors.jobNotPaused(locked.status().wire());
            }
            ExecutionSql.findForUpdate(connection, jobId).orElseThrow(ExecutionErrors::checkpointMissing);
            ExecutionSql.insertRuntimeConflicts(connection, jobId, request.runtimeConflicts());
            ExecutionSql.startAttempt(connection, jobId, ReasonCode.NONE.wire(), now);
            states.resume(connection, jobId, now, JsonNodeFactory.instance.objectNode(), actor);
            return answer(connection, ExecutionSql.find(connection, jobId).orElseThrow(), List.of());
        });
        LOG.atInfo().setMessage("execution resumed").addKeyValue("job_id", jobId)
                .addKeyValue("actor", caller.subject()).log();
        if (isPush(execution)) {
            return push(caller, jobId);
        }
        return new Answer(202, answer);
    }

    // -------------------------------------------------------------------------------------------------------- push

    private static boolean isPush(Execution execution) {
        return execution.progressMode().equals(ExecutionSettings.ProgressMode.PUSH.wire());
    }

    /**
     * One push attempt with the caller's identity (§6.6): {@code 200} with the terminal execution, else {@code 202}
     * with the paused one; {@code 503 execution_target_unavailable} when the target cannot be written.
     */
    private Answer push(Principal caller, String jobId) {
        PushApplier applier = pushApplier.orElseThrow(ExecutionErrors::pushTargetMissing);
        PushAttempt.Outcome outcome;
        try {
            outcome = PushAttempt.run(new PushSteps(this, caller, jobId), applier, jobId,
                    settings.maxChunksPerAttempt());
        } catch (PushTargetUnavailableException unavailable) {
            LOG.atWarn().setMessage("push target unavailable; the job keeps running").addKeyValue("job_id", jobId)
                    .addKeyValue("error_message", unavailable.getMessage()).log();
            throw ExecutionErrors.targetUnavailable(unavailable);
        }
        Execution after = read(connection -> ExecutionSql.find(connection, jobId)).orElseThrow();
        LOG.atInfo().setMessage("push attempt ended").addKeyValue("job_id", jobId)
                .addKeyValue("end", outcome.end().name().toLowerCase(Locale.ROOT))
                .addKeyValue("claims", outcome.claims()).addKeyValue("status", after.status().wire())
                .addKeyValue("reason_code", after.reasonCode())
                .addKeyValue("next_chunk_index", after.checkpoint().nextChunkIndex())
                .addKeyValue("total_chunks", after.totalChunks()).log();
        return new Answer(after.isTerminal() ? 200 : 202, answer(after, outcome.promotedJobIds()));
    }

    /** Where a push attempt stands: the execution's status and cursor, the job's status, the attempt's chunks. */
    PushAttempt.Progress pushProgress(Principal caller, String jobId) {
        return read(connection -> {
            Job job = JobSql.find(connection, caller.scope(), jobId).orElseThrow(ExecutionErrors::notFound);
            Execution execution = ExecutionSql.find(connection, jobId).orElseThrow(ExecutionErrors::executionMissing);
            return new PushAttempt.Progress(execution.isTerminal(), job.status() == JobStatus.RUNNING,
                    execution.attemptChunkCount(), execution.checkpoint().nextRowIndex(), execution.chunkSize());
        });
    }

    /** Supersedes a push claim the target did not take, so its rows can be claimed again without waiting. */
    void releaseClaim(Principal caller, String jobId, String claimId) {
        write("release push claim", connection -> {
            lockJob(connection, caller, jobId, EnumSetOf.ANY);
            Optional<ClaimSql.Claim> claim = ClaimSql.find(connection, claimId);
            if (claim.isPresent() && claim.get().jobId().equals(jobId) && claim.get().isActive()) {
                ClaimSql.supersede(connection, claimId);
                LOG.atWarn().setMessage("push claim released").addKeyValue("job_id", jobId)
                        .addKeyValue("claim_id", claimId).log();
            }
            return null;
        });
    }

    /** Pauses a push execution whose attempt spent its chunk budget ({@code paused_token_refresh_grace_exhausted}). */
    void pauseForBudget(Principal caller, String jobId) {
        AuditActor actor = JobService.actorOf(caller);
        Instant now = now();
        write("pause push execution", connection -> {
            Job locked = lockJob(connection, caller, jobId, EnumSetOf.ANY);
            Execution execution = ExecutionSql.findForUpdate(connection, jobId).orElseThrow();
            if (locked.status() == JobStatus.RUNNING && !execution.isTerminal()) {
                pause(connection, locked, ReasonCode.PAUSED_TOKEN_REFRESH_GRACE_EXHAUSTED.wire(), actor, now);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------------ reads

    /**
     * Ours: {@code GET …/execute-batches/next?max_rows=N} — the rows the next claim would take, without taking them,
     * so an agent can read their records' state on the target and send it as {@code revalidated_target_records}.
     * Empty when the job has no execution yet (the first claim arms it) or nothing is left. With
     * {@code after_claim_id} naming an active claim of the job, the rows a claim pipelined after it would take (S71).
     */
    public ObjectNode nextRows(Principal caller, String jobId, int maxRows, Optional<String> afterClaimId) {
        return read(connection -> {
            if (JobSql.find(connection, caller.scope(), jobId).isEmpty()) {
                throw ExecutionErrors.notFound();
            }
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("job_id", jobId);
            ArrayNode rows = answer.putArray("rows");
            Optional<Execution> execution = ExecutionSql.find(connection, jobId);
            if (execution.isEmpty() || execution.get().isTerminal()) {
                return answer;
            }
            int from = execution.get().checkpoint().nextPosition();
            // after a claim the caller still holds (S71): the rows its pipelined claim would take
            Optional<ClaimSql.Claim> held = afterClaimId.isEmpty() ? Optional.empty()
                    : ClaimSql.findStored(connection, afterClaimId.get())
                    .filter(claim -> claim.jobId().equals(jobId) && claim.isActive());
            if (held.isPresent()) {
                from = Math.max(from, held.get().toPosition());
            }
            for (ExecutionSql.WorkRow row : ExecutionSql.rows(connection, jobId, from, from + maxRows)) {
                rows.addObject().put("row_id", row.rowId()).put("table", row.table())
                        .put("record_sys_id", row.recordSysId()).put("action", row.action());
            }
            return answer;
        });
    }

    public Optional<ObjectNode> execution(Principal caller, String jobId) {
        return readVisible(caller, jobId, "execution", (connection, execution) -> ExecutionView.execution(connection,
                execution));
    }

    public Optional<ObjectNode> checkpoint(Principal caller, String jobId) {
        return readVisible(caller, jobId, "checkpoint", ExecutionView::checkpoint);
    }

    /** The journal bundle; empty when the job has no journal and no mirror entries (404, §3.5). */
    public Optional<ObjectNode> rollbackJournal(Principal caller, String jobId) {
        return readVisible(caller, jobId, "rollback journal", (connection, execution) -> {
            ObjectNode bundle = OutcomeSql.journalBundle(connection, jobId);
            return bundle.path("rollback_journal").isEmpty() && bundle.path("sn_mirror").isEmpty() ? null : bundle;
        });
    }

    @FunctionalInterface
    private interface ExecutionRead {
        ObjectNode read(Connection connection, Execution execution) throws SQLException;
    }

    /** 404 {@code not_found} for a job the caller cannot see; empty when it has no such thing yet. */
    private Optional<ObjectNode> readVisible(Principal caller, String jobId, String what, ExecutionRead reader) {
        return read(connection -> {
            if (JobSql.find(connection, caller.scope(), jobId).isEmpty()) {
                throw ExecutionErrors.notFound();
            }
            Optional<Execution> execution = ExecutionSql.find(connection, jobId);
            if (execution.isEmpty()) {
                return Optional.<ObjectNode>empty();
            }
            return Optional.ofNullable(reader.read(connection, execution.get()));
        });
    }

    private ObjectNode answer(Execution execution, List<String> promoted) {
        ObjectNode body = read(connection -> answer(connection, execution, promoted));
        return withEvidence(body, execution.status().wire(), execution.jobId());
    }

    /**
     * An answer reporting an ended execution carries the job's evidence (§3.5): {@code evidence: {evidence_id,
     * signature_verification, reused}}, generated on the first such answer; left out when it cannot be generated.
     */
    private ObjectNode withEvidence(ObjectNode body, String executionStatus, String jobId) {
        if (!executionStatus.equals(ExecutionStatus.COMPLETED.wire())
                && !executionStatus.equals(ExecutionStatus.FAILED.wire())) {
            return body;
        }
        ObjectNode answered = body.deepCopy();
        evidence.ensure(jobId).ifPresent(summary -> answered.set("evidence", summary));
        return answered;
    }

    private static ObjectNode answer(Connection connection, Execution execution, List<String> promoted)
            throws SQLException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("execution", ExecutionView.execution(connection, execution));
        body.putArray("promoted_job_ids").addAll(promoted.stream().map(JsonNodeFactory.instance::textNode).toList());
        return body;
    }

    // ---------------------------------------------------------------------------------------------------- plumbing

    /** Which job statuses a locked read accepts before the caller's own checks. */
    private enum EnumSetOf { RUNNING, ANY }

    /** The scope lock, then the job row; 404 when the caller cannot see the job. */
    private Job lockJob(Connection connection, Principal caller, String jobId, EnumSetOf accepted)
            throws SQLException {
        locks.lockScope(connection, new LockScope(caller.tenantId(), caller.instanceId(), caller.source()));
        Job job = JobSql.findForUpdate(connection, caller.scope(), jobId).orElseThrow(ExecutionErrors::notFound);
        if (accepted == EnumSetOf.RUNNING && job.status() != JobStatus.RUNNING) {
            throw ExecutionErrors.jobNotRunning(job.status().wire());
        }
        return job;
    }

    private Optional<Job> readJob(Principal caller, String jobId) {
        return read(connection -> JobSql.find(connection, caller.scope(), jobId));
    }

    private Instant now() {
        return clock.instant();
    }

    private <T> T read(JobDatabase.Work<T> work) {
        return unavailableAs503(() -> database.read("read execution", work));
    }

    private <T> T write(String what, JobDatabase.Work<T> work) {
        return unavailableAs503(() -> database.inTransaction(what, work));
    }

    private static <T> T unavailableAs503(Supplier<T> work) {
        try {
            return work.get();
        } catch (JobStoreUnavailableException failed) {
            throw ExecutionErrors.storeUnavailable(failed);
        }
    }
}
