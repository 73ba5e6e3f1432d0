package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.EvidenceIds;
import io.rezilient.restore.contracts.json.CanonicalJsonStream;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.execute.EvidenceHook;
import io.rezilient.restore.service.execute.ExecutionRecords;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.jobs.Job;
import io.rezilient.restore.service.jobs.JobDatabase;
import io.rezilient.restore.service.jobs.JobErrors;
import io.rezilient.restore.service.jobs.JobEventLog;
import io.rezilient.restore.service.jobs.JobSql;
import io.rezilient.restore.service.jobs.JobStoreUnavailableException;
import io.rezilient.restore.service.plans.PlanHeader;
import io.rezilient.restore.service.plans.PlanKey;
import io.rezilient.restore.service.plans.PlanStore;
import io.rezilient.restore.service.plans.PlanStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Evidence packages (service-spec §3.6, §7): generated once per job when its execution has ended — by the terminal
 * execute / resume / commit ({@link #ensure}) or by {@code POST …/evidence/export} — and answered as stored ever
 * after. Generation is one transaction that locks the execution row, so two exports of a job produce one package;
 * the artifacts are streamed from the plan, the execution and the journal into the database as they are hashed.
 */
public final class EvidenceService implements EvidenceHook {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceService.class);

    private final JobDatabase database;
    private final PlanStore plans;
    private final JobEventLog events;
    private final EvidenceKeyring keyring;
    private final ImmutableStorage immutableStorage;
    private final Optional<EvidenceArchive> archive;
    private final int inlineMaxRows;
    private final Executor background;
    private final Set<String> generating = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    /**
     * @param archive       where a new package is copied right after it is stored (none: database only)
     * @param inlineMaxRows the largest execution (planned rows) whose package a terminal answer waits for; a larger
     *                      one is generated on {@code background} right after the answer, which says
     *                      {@code verification_pending}
     */
    public EvidenceService(JobDatabase database, PlanStore plans, JobEventLog events, EvidenceKeyring keyring,
                           ImmutableStorage immutableStorage, Optional<EvidenceArchive> archive, int inlineMaxRows,
                           Executor background, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.events = Objects.requireNonNull(events, "events");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.immutableStorage = Objects.requireNonNull(immutableStorage, "immutableStorage");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.inlineMaxRows = inlineMaxRows;
        this.background = Objects.requireNonNull(background, "background");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An export's answer: {@code 201} when generated now, {@code 200} with {@code reused:true} when it existed. */
    public record Exported(int status, StoredEvidence evidence, boolean reused) {
        public ObjectNode body() {
            ObjectNode body = evidence.toJson();
            body.put("reused", reused);
            return body;
        }
    }

    /** {@code POST /v1/jobs/{id}/evidence/export}. */
    public Exported export(Principal caller, String jobId) {
        return generate(jobId, Optional.of(caller));
    }

    /** {@code GET /v1/jobs/{id}/evidence}: the stored package, never re-verified. */
    public StoredEvidence get(Principal caller, String jobId) {
        return transaction("read evidence", connection -> {
            visibleJob(connection, caller, jobId);
            return EvidenceSql.findByJob(connection, jobId).orElseThrow(EvidenceErrors::noPackageYet);
        });
    }

    /**
     * Ours: {@code GET /v1/jobs/{id}/evidence/artifacts/{artifact_id}} — an artifact's canonical JSON exactly as
     * hashed, so a package can be verified away from the service.
     */
    public void writeArtifact(Principal caller, String jobId, String artifactId, Runnable beforeFirstByte,
                              OutputStream out) {
        transaction("read evidence artifact", connection -> {
            visibleJob(connection, caller, jobId);
            StoredEvidence stored = EvidenceSql.findByJob(connection, jobId).orElseThrow(EvidenceErrors::noPackageYet);
            if (stored.artifacts().stream().noneMatch(hash -> hash.artifactId().equals(artifactId))) {
                throw ApiError.notFound("the evidence package has no artifact " + artifactId + "; it has "
                        + stored.artifacts().stream().map(ArtifactHash::artifactId).toList());
            }
            beforeFirstByte.run();
            return EvidenceSql.copyArtifact(connection, stored.evidenceId(), artifactId, out);
        });
    }

    /**
     * Ours: {@code POST /v1/jobs/{id}/evidence/verify} — verifies the stored package again, from its stored artifacts
     * and with the current keyring, without changing what is stored.
     */
    public Verification reverify(Principal caller, String jobId) {
        return transaction("re-verify evidence", connection -> {
            visibleJob(connection, caller, jobId);
            StoredEvidence stored = EvidenceSql.findByJob(connection, jobId).orElseThrow(EvidenceErrors::noPackageYet);
            return new EvidenceVerifier(keyring).verify(stored.evidence(),
                    EvidenceSql.rehash(connection, stored.evidenceId()), clock.instant());
        });
    }

    /**
     * The hook of the terminal execution answers: the job's package as {@code {evidence_id, signature_verification,
     * reused}}, generated now when the execution has at most {@code inlineMaxRows} rows. A larger one (a 100,000-row
     * restore's artifacts are hundreds of megabytes: tens of seconds) is generated right after, in the background, so
     * the agent's last commit is answered at once: the answer gives the package's id with
     * {@code verification_pending}, the contract's state for a package being generated, and
     * {@code POST …/evidence/export} waits for it. Empty (and logged) when nothing can be said, since the answer it
     * joins reports an execution that has ended either way.
     */
    @Override
    public Optional<ObjectNode> ensure(String jobId) {
        try {
            Optional<ExecutionRecords.Ended> ended = transaction("read ended execution",
                    connection -> ExecutionRecords.ended(connection, jobId));
            if (ended.isPresent() && ended.get().plannedRows() > inlineMaxRows) {
                Optional<StoredEvidence> stored = transaction("read evidence",
                        connection -> EvidenceSql.findByJob(connection, jobId));
                if (stored.isPresent()) {
                    return Optional.of(stored.get().summary(true));
                }
                generateInBackground(jobId);
                ObjectNode pending = JsonNodeFactory.instance.objectNode();
                pending.put("evidence_id", EvidenceIds.evidenceId(jobId, ended.get().planHash(),
                        ended.get().completedAt()));
                pending.put("signature_verification", "verification_pending");
                pending.put("reused", false);
                return Optional.of(pending);
            }
            Exported exported = generate(jobId, Optional.empty());
            return Optional.of(exported.evidence().summary(exported.reused()));
        } catch (RuntimeException failed) {
            LOG.atWarn().setMessage("evidence not generated for an ended execution").addKeyValue("job_id", jobId)
                    .addKeyValue("error_message", failed.getMessage()).setCause(failed).log();
            return Optional.empty();
        }
    }

    /**
     * Generates the packages of up to {@code max} ended executions that have none — the service stopped between an
     * execution's end and its package, or a background generation failed — oldest first; returns how many it made.
     */
    public int generateMissing(int max) {
        List<String> jobs = transaction("find executions without evidence", connection -> {
            List<String> found = new ArrayList<>();
            try (var statement = connection.prepareStatement("""
                    SELECT e.job_id FROM rez_restore.executions e
                    WHERE e.status IN ('completed', 'failed')
                      AND NOT EXISTS (SELECT 1 FROM rez_restore.evidence_packages p WHERE p.job_id = e.job_id)
                    ORDER BY e.completed_at, e.job_id LIMIT ?""")) {
                statement.setInt(1, max);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            return found;
        });
        int made = 0;
        for (String jobId : jobs) {
            try {
                if (!generate(jobId, Optional.empty()).reused()) {
                    made++;
                }
            } catch (RuntimeException failed) {
                LOG.atWarn().setMessage("evidence still missing for an ended execution").addKeyValue("job_id", jobId)
                        .addKeyValue("error_message", failed.getMessage()).log();
            }
        }
        return made;
    }

    /** Generates the package on the background executor, once at a time per job. */
    private void generateInBackground(String jobId) {
        if (!generating.add(jobId)) {
            return;
        }
        background.execute(() -> {
            try {
                generate(jobId, Optional.empty());
            } catch (RuntimeException failed) {
                LOG.atWarn().setMessage("evidence not generated in the background; POST …/evidence/export retries")
                        .addKeyValue("job_id", jobId).addKeyValue("error_message", failed.getMessage())
                        .setCause(failed).log();
            } finally {
                generating.remove(jobId);
            }
        });
    }

    private Exported generate(String jobId, Optional<Principal> caller) {
        Exported exported = generateStored(jobId, caller);
        if (exported.reused() || archive.isEmpty()) {
            return exported;
        }
        // after the package's transaction: a failed copy leaves it pending (the copier retries), never unsigned
        if (!archive.get().store(exported.evidence().evidenceId())) {
            return exported;
        }
        StoredEvidence copied = transaction("read evidence", connection ->
                EvidenceSql.findByJob(connection, jobId).orElseThrow());
        return new Exported(exported.status(), copied, false);
    }

    private Exported generateStored(String jobId, Optional<Principal> caller) {
        return transaction("export evidence", connection -> {
            Job job = caller.isPresent() ? visibleJob(connection, caller.get(), jobId)
                    : JobSql.findAll(connection, List.of(jobId)).stream().findFirst()
                    .orElseThrow(EvidenceErrors::notFound);
            // the execution row lock serialises exports of one job: the second one finds the first one's package
            boolean hasExecution = ExecutionRecords.lock(connection, jobId);
            Optional<StoredEvidence> existing = EvidenceSql.findByJob(connection, jobId);
            if (existing.isPresent()) {
                return new Exported(200, existing.get(), true);
            }
            PlanKey planKey = new PlanKey(job.tenantId(), job.instanceId(), job.source(), job.planId());
            PlanHeader plan = planHeader(planKey);
            if (!hasExecution) {
                throw EvidenceErrors.notReady("the job has no execution");
            }
            JsonNode execution = ExecutionRecords.execution(connection, jobId).orElseThrow();
            if (!ExecutionRecords.isTerminal(execution)) {
                throw EvidenceErrors.notReady("the execution is " + execution.path("status").asText());
            }
            Instant now = clock.instant();
            EvidencePackage evidence = assemble(connection, job, planKey, plan, execution, now);
            StoredEvidence stored = EvidenceSql.findByJob(connection, jobId).orElseThrow();
            LOG.atInfo().setMessage("evidence generated").addKeyValue("job_id", jobId)
                    .addKeyValue("evidence_id", evidence.evidenceId()).addKeyValue("report_hash", evidence.reportHash())
                    .addKeyValue("signer_key_id", evidence.signerKeyId())
                    .addKeyValue("artifact_bytes", evidence.artifacts().stream().mapToLong(ArtifactHash::bytes).sum())
                    .log();
            return new Exported(201, stored, false);
        });
    }

    private EvidencePackage assemble(Connection connection, Job job, PlanKey planKey, PlanHeader plan,
                                     JsonNode execution, Instant now) throws SQLException {
        EvidenceSubject subject = new EvidenceSubject(job.jobId(), job.planHash(), plan.plan(), plan.rowCount(),
                plan.deleteCandidates(), execution);
        String evidenceId = EvidenceIds.evidenceId(job.jobId(), job.planHash(), subject.completedAt());
        ObjectNode hashInput = plan.planHashInputHead().deepCopy();
        hashInput.set("rows", CanonicalJsonStream.streamed(each -> plans.streamRows(planKey,
                draft -> each.accept(draft.row().toJson()))));
        List<ArtifactDocument> documents = EvidenceArtifacts.documents(execution,
                JsonNodeFactory.instance.arrayNode().addAll(events.events(connection, job.jobId())), plan.plan(),
                hashInput, plan.gate(), plan.deleteCandidates(), plan.mediaCandidates(),
                CanonicalJsonStream.streamed(each -> plans.streamRows(planKey,
                        draft -> each.accept(draft.pitResolution().toJson()))),
                plan.watermarks(), ExecutionRecords.journalEntries(connection, job.jobId()),
                ExecutionRecords.mirrorRecords(connection, job.jobId()));
        Map<String, ArtifactParts> parts = new HashMap<>();
        EvidencePackage evidence;
        try {
            evidence = new EvidenceAssembler(keyring, immutableStorage).assemble(subject, documents,
                    artifactId -> parts.computeIfAbsent(artifactId,
                            id -> new ArtifactParts(connection, evidenceId, id)), now);
        } catch (EvidenceContractViolation violation) {
            throw EvidenceErrors.contractViolation(violation);
        }
        List<Integer> partCounts = new ArrayList<>();
        for (ArtifactHash hash : evidence.artifacts()) {
            partCounts.add(parts.get(hash.artifactId()).finish());
        }
        EvidenceSql.insert(connection, job, evidence, immutableStorage, partCounts);
        return evidence;
    }

    private PlanHeader planHeader(PlanKey key) {
        try {
            return plans.findHeader(key).orElseThrow(EvidenceErrors::planMissing);
        } catch (PlanStoreUnavailableException unavailable) {
            throw JobErrors.planStoreUnavailable(unavailable);
        }
    }

    private static Job visibleJob(Connection connection, Principal caller, String jobId) throws SQLException {
        return JobSql.find(connection, caller.scope(), jobId).orElseThrow(EvidenceErrors::notFound);
    }

    private <T> T transaction(String what, JobDatabase.Work<T> work) {
        return unavailableAs503(() -> database.inTransaction(what, work));
    }

    private static <T> T unavailableAs503(Supplier<T> work) {
        try {
            return work.get();
        } catch (JobStoreUnavailableException | EvidenceStoreException failed) {
            throw ApiError.unavailable(503, "evidence_store_unavailable", null,
                    "the evidence store is unavailable; try again", failed);
        }
    }
}
