package io.rezilient.restore.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.client.ServiceUnreachableException;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.agent.target.RecordRef;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.contracts.restore.TargetState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The restore agent's loop for one job (architecture §1 item 4, §7): claim a batch of rows, open their values with
 * the tenant keyring (the service only ever sees ciphertext), apply them to the target as one unit with row-level
 * fallback, and commit the outcomes with the sealed before-images, until the execution is terminal.
 *
 * <p>Crash safety comes from the two idempotent halves: the target records each claim it applied in the same
 * transaction as the writes, so a claim applied twice writes once; and a commit is idempotent by claim id, so a commit
 * whose answer was lost is simply sent again. A claim whose lease expired before its commit arrived is claimed again;
 * the target then answers its rows from its ledger without writing them a second time.
 */
public final class RestoreAgent {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreAgent.class);

    private final RestoreServiceClient service;
    private final TargetWriter target;
    private final ClaimExecutor executor;
    private final AgentOptions options;
    private final AgentListener listener;
    private final Pauser pauser;

    /** An agent opening restore values and the journal's before-images (undo jobs) with the tenant {@code keyring}. */
    public RestoreAgent(RestoreServiceClient service, TargetWriter target, Keyring keyring, AgentOptions options,
                        AgentListener listener, Pauser pauser) {
        this(service, target, new ClaimExecutor(target, keyring), options, listener, pauser);
    }

    private RestoreAgent(RestoreServiceClient service, TargetWriter target, ClaimExecutor executor,
                         AgentOptions options, AgentListener listener, Pauser pauser) {
        this.service = Objects.requireNonNull(service, "service");
        this.target = Objects.requireNonNull(target, "target");
        this.executor = executor;
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pauser = Objects.requireNonNull(pauser, "pauser");
    }

    /**
     * Works {@code jobId} until its execution (or the job) is terminal.
     *
     * <p>Pipelined (deviation S71): once a claim is applied to the target, the agent first claims the rows after it
     * ({@code after_claim_id}), then sends the applied claim's commit and applies the new claim while that commit is
     * in flight — so the service recording one batch and the agent and target applying the next overlap instead of
     * adding up. (Claim before commit: the service takes a job's claims and commits one at a time, so a claim sent
     * behind a commit would only wait for it.) Commits still go one at a time, in row order. When no rows are handed
     * out past the applied claim (none left, paused, refused), its commit is sent and awaited first.
     *
     * @throws AgentStoppedException when the service refuses in a way only an operator can fix
     * @throws InterruptedException  when the thread is interrupted while waiting
     */
    public JobRun run(String jobId) throws InterruptedException {
        long started = System.nanoTime();
        Tally tally = new Tally();
        Duration backoff = options.pollInterval();
        ExecutorService committer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rez-agent-commit-" + jobId);
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rez-agent-revalidate-" + jobId);
            thread.setDaemon(true);
            return thread;
        });
        Pending pending = null; // applied to the target, its commit not sent yet
        Revalidation next = null; // the target state of the rows after the pending claim, read while it was applied
        boolean pipeline = options.pipeline();
        try {
            while (true) {
                Optional<String> after = pending == null ? Optional.empty() : Optional.of(pending.claimId());
                ServiceAnswer claim;
                try {
                    claim = service.claim(jobId, claimBody(jobId, after, next));
                } catch (ServiceUnreachableException unreachable) {
                    backoff = waitAfterFailure(jobId, unreachable.getMessage(), backoff);
                    continue;
                }
                if (claim.status() >= 500) {
                    backoff = waitAfterFailure(jobId, claim.describe(), backoff);
                    continue;
                }
                backoff = options.pollInterval();
                boolean rows = claim.ok() && claim.body().path("accepted").asBoolean();
                if (pending != null && !rows) {
                    // nothing handed out past the applied claim (none left, paused, refused): commit it, ask again
                    if (claim.status() == 400) {
                        LOG.atWarn().setMessage("the service refused a pipelined claim; claiming one batch at a time")
                                .addKeyValue("job_id", jobId).addKeyValue("answer", claim.describe()).log();
                        pipeline = false;
                    }
                    pending.commitOn(committer);
                    Optional<JobRun> ended = settle(jobId, pending, tally, started);
                    pending = null;
                    if (ended.isPresent()) {
                        return ended.get();
                    }
                    continue;
                }
                if (claim.status() == 409) {
                    Optional<JobRun> ended = onRefusedClaim(jobId, claim, tally, started);
                    if (ended.isPresent()) {
                        return ended.get();
                    }
                    continue;
                }
                if (!claim.ok()) {
                    throw new AgentStoppedException("claim on job " + jobId + " refused: " + claim.describe());
                }
                if (!rows) {
                    Optional<JobRun> ended = terminal(jobId, tally, started);
                    if (ended.isPresent()) {
                        return ended.get();
                    }
                    listener.waiting(jobId, claim.body().path("message").asText("nothing to claim yet"));
                    pauser.pause(options.pollInterval());
                    continue;
                }
                if (pending != null) {
                    pending.commitOn(committer); // in flight while this claim is applied
                }
                next = pipeline && options.revalidate()
                        ? Revalidation.start(reader, claim.body().path("claim_id").asText(),
                        claimId -> revalidated(jobId, Optional.of(claimId)))
                        : null;
                Pending applied;
                try {
                    applied = apply(jobId, claim.body(), tally);
                } catch (RuntimeException failed) {
                    // the target failed this claim; the previous one is applied, so let its commit be recorded
                    if (pending != null) {
                        settleBeforeStopping(jobId, pending);
                    }
                    throw failed;
                }
                if (pending != null) {
                    Optional<JobRun> ended = settle(jobId, pending, tally, started);
                    if (ended.isPresent()) {
                        return ended.get();
                    }
                }
                pending = applied;
                if (!pipeline) {
                    pending.commitOn(committer);
                    Optional<JobRun> ended = settle(jobId, pending, tally, started);
                    pending = null;
                    if (ended.isPresent()) {
                        return ended.get();
                    }
                }
            }
        } finally {
            reader.shutdownNow();
            committer.shutdownNow();
        }
    }

    /**
     * @param prefetched the revalidation read while the claim before was applied; used when it is of the rows after
     *                   {@code afterClaimId} and succeeded, else the records are read now
     */
    private ObjectNode claimBody(String jobId, Optional<String> afterClaimId, Revalidation prefetched)
            throws InterruptedException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (options.maxRows() != null) {
            body.put("max_rows", options.maxRows());
        }
        afterClaimId.ifPresent(claimId -> body.put("after_claim_id", claimId));
        if (options.revalidate()) {
            Optional<ArrayNode> ready = prefetched == null || afterClaimId.isEmpty() ? Optional.empty()
                    : prefetched.recordsAfter(afterClaimId.get());
            ArrayNode records = ready.isPresent() ? ready.get() : revalidated(jobId, afterClaimId);
            if (!records.isEmpty()) {
                body.set("revalidated_target_records", records);
            }
        }
        return body;
    }

    /**
     * The target state of the rows the next claim will take (§6.5), read from the target itself. Rows this job
     * already applied to the target are left out: an agent that stopped between the target's commit and the
     * service's left their records carrying the job's own writes, so their state says nothing about the plan any
     * more, and the target answers them from its ledger without writing them again.
     */
    private ArrayNode revalidated(String jobId, Optional<String> afterClaimId) {
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        ServiceAnswer next = service.nextRows(jobId, options.maxRows() == null ? 100 : options.maxRows(),
                afterClaimId);
        if (!next.ok()) {
            return records;
        }
        Map<String, RecordRef> rows = new LinkedHashMap<>();
        for (JsonNode row : next.body().path("rows")) {
            if (!row.path("action").asText().equals("skip")) {
                rows.put(row.path("row_id").asText(),
                        new RecordRef(row.path("table").asText(), row.path("record_sys_id").asText()));
            }
        }
        if (rows.isEmpty()) {
            return records;
        }
        rows.keySet().removeAll(target.appliedRows(jobId, rows.keySet()));
        Set<RecordRef> refs = new LinkedHashSet<>(rows.values());
        if (refs.isEmpty()) {
            return records;
        }
        Map<RecordRef, TargetState> states = target.states(refs);
        for (RecordRef ref : refs) {
            records.addObject().put("table", ref.table()).put("record_sys_id", ref.sysId())
                    .put("target_state", states.getOrDefault(ref, TargetState.MISSING).wire());
        }
        return records;
    }

    /** A 409 on a claim: wait (paused, another agent, queued), end (terminal) or stop (an operator must act). */
    private Optional<JobRun> onRefusedClaim(String jobId, ServiceAnswer claim, Tally tally, long started)
            throws InterruptedException {
        switch (claim.error()) {
            case "claim_in_progress" -> {
                listener.waiting(jobId, "another agent holds a claim of this job");
                pauser.pause(options.pollInterval());
                return Optional.empty();
            }
            case "job_paused" -> {
                listener.waiting(jobId, "job paused (" + claim.reasonCode() + "); waiting for it to be resumed");
                pauser.pause(options.pollInterval());
                return Optional.empty();
            }
            case "job_not_claimable" -> {
                Optional<JobRun> ended = terminal(jobId, tally, started);
                if (ended.isEmpty()) {
                    listener.waiting(jobId, "job is not running yet (queued for its scope locks)");
                    pauser.pause(options.pollInterval());
                }
                return ended;
            }
            default -> throw new AgentStoppedException("claim on job " + jobId + " refused: " + claim.describe());
        }
    }

    /** The run's end when the execution or the job is terminal; empty otherwise. */
    private Optional<JobRun> terminal(String jobId, Tally tally, long started) {
        ServiceAnswer execution = service.execution(jobId);
        if (execution.ok()) {
            JsonNode record = execution.body().path("execution");
            String status = record.path("status").asText();
            if (status.equals("completed") || status.equals("failed")) {
                return Optional.of(finish(jobId, status, record.path("summary"), tally, started));
            }
            return Optional.empty();
        }
        ServiceAnswer job = service.job(jobId);
        if (!job.ok()) {
            throw new AgentStoppedException("cannot read job " + jobId + ": " + job.describe());
        }
        String status = job.body().path("job").path("status").asText();
        if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
            return Optional.of(finish(jobId, status, JsonNodeFactory.instance.objectNode(), tally, started));
        }
        return Optional.empty();
    }

    /** Applies one claim to the target; its commit is sent by {@link Pending#commitOn}. */
    private Pending apply(String jobId, JsonNode claim, Tally tally) {
        ClaimExecutor.Applied applied = executor.apply(jobId, claim);
        if (applied.rowFallback()) {
            tally.rowFallbacks++;
        }
        tally.conflicts += applied.conflicts();
        return new Pending(jobId, claim.path("claim_id").asText(), claim.path("planned_rows").asLong(-1),
                applied.commit());
    }

    /**
     * Waits for the commit of {@code pending} and takes in its answer; returns the run's end when the execution is
     * terminal.
     */
    private Optional<JobRun> settle(String jobId, Pending pending, Tally tally, long started)
            throws InterruptedException {
        JsonNode committed = pending.committed();
        if (committed == null) {
            return Optional.empty(); // the claim was superseded; its rows come back in a later claim
        }
        tally.claims++;
        listener.committed(jobId, pending.claimId());
        if (pending.plannedRows() >= 0) {
            tally.planned = pending.plannedRows();
        }
        tally.processed = processed(committed.path("summary"));
        listener.progress(jobId, tally.processed, tally.planned);
        String status = committed.path("execution_status").asText();
        if (status.equals("completed") || status.equals("failed")) {
            return Optional.of(finish(jobId, status, committed.path("summary"), tally, started));
        }
        if (committed.path("checkpoint").isMissingNode()) {
            LOG.atWarn().setMessage("commit answer without checkpoint").addKeyValue("job_id", jobId).log();
        }
        return Optional.empty();
    }

    /** Waits for an in-flight commit before the agent stops for another reason; its own failure is only logged. */
    private static void settleBeforeStopping(String jobId, Pending pending) throws InterruptedException {
        try {
            pending.committed();
        } catch (RuntimeException failed) {
            LOG.atWarn().setMessage("the commit in flight failed too; a later agent claims its rows again")
                    .addKeyValue("job_id", jobId).addKeyValue("claim_id", pending.claimId())
                    .addKeyValue("error_message", failed.getMessage()).log();
        }
    }

    /**
     * Sends a commit until the service records it; returns its answer, or null when the claim was superseded while
     * this agent worked on it. Runs on the commit thread.
     */
    private JsonNode commit(String jobId, String claimId, ObjectNode commit) throws InterruptedException {
        Duration backoff = options.pollInterval();
        while (true) {
            ServiceAnswer answer;
            try {
                answer = service.commit(jobId, commit);
            } catch (ServiceUnreachableException unreachable) {
                backoff = waitAfterFailure(jobId, unreachable.getMessage(), backoff);
                continue;
            }
            if (answer.ok()) {
                return answer.body();
            }
            if (answer.status() >= 500) {
                backoff = waitAfterFailure(jobId, answer.describe(), backoff);
                continue;
            }
            if (answer.error().equals("claim_not_active")) {
                LOG.atWarn().setMessage("claim superseded before its commit; its rows will be claimed again")
                        .addKeyValue("job_id", jobId).addKeyValue("claim_id", claimId).log();
                return null;
            }
            throw new AgentStoppedException("commit of claim " + claimId + " refused: " + answer.describe());
        }
    }

    /**
     * The revalidation records of the rows after a claim, read on the reader thread while that claim is decrypted and
     * applied, so the next claim does not wait for them (they are other records than the applied claim's).
     */
    private record Revalidation(String afterClaimId, Future<ArrayNode> records) {
        static Revalidation start(ExecutorService reader, String afterClaimId,
                                  Function<String, ArrayNode> read) {
            return new Revalidation(afterClaimId, reader.submit(() -> read.apply(afterClaimId)));
        }

        /** The records, when they are of the rows after {@code claimId} and were read without error. */
        Optional<ArrayNode> recordsAfter(String claimId) throws InterruptedException {
            if (!claimId.equals(afterClaimId)) {
                records.cancel(true);
                return Optional.empty();
            }
            try {
                return Optional.of(records.get());
            } catch (ExecutionException failed) {
                // read again on the loop's thread, where a failure is handled as it always was
                return Optional.empty();
            }
        }
    }

    /** A claim applied to the target whose commit is (about to be) in flight. */
    private final class Pending {
        private final String jobId;
        private final String claimId;
        private final long plannedRows;
        private final ObjectNode commit;
        private Future<JsonNode> committed;

        Pending(String jobId, String claimId, long plannedRows, ObjectNode commit) {
            this.jobId = jobId;
            this.claimId = claimId;
            this.plannedRows = plannedRows;
            this.commit = commit;
        }

        String claimId() {
            return claimId;
        }

        long plannedRows() {
            return plannedRows;
        }

        void commitOn(ExecutorService committer) {
            committed = committer.submit(() -> commit(jobId, claimId, commit));
        }

        /** The commit's answer (null: superseded), once the service recorded it. */
        JsonNode committed() throws InterruptedException {
            try {
                return committed.get();
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (failed.getCause() instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                throw new IllegalStateException("commit of claim " + claimId + " failed", failed.getCause());
            }
        }
    }

    private Duration waitAfterFailure(String jobId, String why, Duration backoff) throws InterruptedException {
        listener.waiting(jobId, "service unavailable (" + why + "); retrying in " + backoff.toSeconds() + " s");
        pauser.pause(backoff);
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : doubled;
    }

    private JobRun finish(String jobId, String status, JsonNode summary, Tally tally, long started) {
        JobRun run = new JobRun(jobId, status, summary.path("planned_rows").asLong(tally.planned),
                summary.path("applied_rows").asLong(), summary.path("skipped_rows").asLong(),
                summary.path("failed_rows").asLong(), tally.claims, tally.conflicts, tally.rowFallbacks,
                Duration.ofNanos(System.nanoTime() - started));
        listener.progress(jobId, processed(summary), run.planned());
        listener.finished(run);
        return run;
    }

    private static long processed(JsonNode summary) {
        return summary.path("applied_rows").asLong() + summary.path("skipped_rows").asLong()
                + summary.path("failed_rows").asLong();
    }

    /** Counters of this agent's work on one job. */
    private static final class Tally {
        long planned;
        long processed;
        int claims;
        long conflicts;
        int rowFallbacks;
    }
}
