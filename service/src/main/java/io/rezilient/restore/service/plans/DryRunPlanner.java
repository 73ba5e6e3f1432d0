package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.ScopeGuard;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.index.AuthoritativeWatermark;
import io.rezilient.restore.service.index.CandidateQuery;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.PartitionRef;
import io.rezilient.restore.service.index.RestoreIndexReader;
import io.rezilient.restore.service.index.RestoreIndexUnavailableException;
import io.rezilient.restore.service.index.WatermarkReader;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code POST /v1/plans/dry-run} (service-spec §4.2): checks scope and source mapping, answers a repeated request
 * from the stored plan, or materialises a new draft — rows streamed from the index through the artifact bodies into
 * the plan tables, then watermarks, gate and {@code plan_hash} — and stores it in one transaction.
 */
public final class DryRunPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunPlanner.class);

    private final RestoreIndexReader index;
    private final ArtifactBodyReader bodies;
    private final WatermarkSelection watermarks;
    private final SourceMappingEnforcement sourceMappings;
    private final PlanStore store;
    private final Clock clock;
    private final PlanWriteGate writeGate;

    public DryRunPlanner(RestoreIndexReader index, ArtifactBodyReader bodies, WatermarkReader watermarks,
                         SourceMappingEnforcement sourceMappings, PlanStore store, PlanWriteGate writeGate,
                         Clock clock) {
        this.index = Objects.requireNonNull(index, "index");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.watermarks = new WatermarkSelection(watermarks);
        this.sourceMappings = Objects.requireNonNull(sourceMappings, "sourceMappings");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writeGate = Objects.requireNonNull(writeGate, "writeGate");
    }

    /**
     * The answer to a dry-run: which plan to render and with which status.
     *
     * @param created true for a new draft (202), false for a stored plan returned again (200)
     */
    public record Outcome(PlanKey key, PlanHeader header, boolean created) {
    }

    public Outcome plan(Principal caller, DryRunRequest request) {
        if (!ScopeGuard.mayCreateIn(caller, request.resourceScope())) {
            throw PlanErrors.scopeBlocked();
        }
        sourceMappings.enforce(request.resourceScope());
        PlanKey key = new PlanKey(request.tenantId(), request.instanceId(), request.source(), request.planId());
        // validates the hash-input parts (e.g. duplicate media ids) before any work is done
        PlanHashInputs.head(request.pit().json(), request.scope().json(), request.executionOptions(),
                new ActionCounts().toJson(), mediaCandidates(request));
        // admitted before any connection is borrowed (see PlanWriteGate: retries must not starve the pool)
        return writeGate.run(key, () -> planAdmitted(caller, key, request));
    }

    private Outcome planAdmitted(Principal caller, PlanKey key, DryRunRequest request) {
        try {
            Optional<PlanHeader> existing = store.findHeader(key);
            if (existing.isPresent()) {
                return reuse(key, existing.get(), request);
            }
            return switch (store.beginDraft(key)) {
                case PlanStore.DraftStart.Exists exists -> reuse(key, exists.existing(), request);
                case PlanStore.DraftStart.Opened opened -> {
                    try (DraftWriter writer = opened.writer()) {
                        PlanHeader header = draft(caller, request, writer);
                        writer.commit(header);
                        LOG.info("dry-run plan drafted: plan {} rows {} gate {}", key, header.rowCount(),
                                header.gate().path("reason_code").asText());
                        yield new Outcome(key, header, true);
                    }
                }
            };
        } catch (MaterializationException failed) {
            throw PlanErrors.fromMaterialization(failed);
        } catch (RestoreIndexUnavailableException | ArtifactBodyUnavailableException
                 | PlanStoreUnavailableException failed) {
            throw PlanErrors.indexUnavailable(failed);
        }
    }

    /**
     * A plan_id that already exists: the same inputs get the stored plan, other inputs the runbook's 409 (a
     * changed request never silently returns an older plan — deviation S17).
     */
    private static Outcome reuse(PlanKey key, PlanHeader existing, DryRunRequest request) {
        if (!existing.requestFingerprint().equals(request.fingerprint())) {
            throw PlanErrors.planHashMismatch(key.planId());
        }
        return new Outcome(key, existing, false);
    }

    private PlanHeader draft(Principal caller, DryRunRequest request, DraftWriter writer) {
        IndexScope scope = new IndexScope(request.tenantId(), request.instanceId(), request.source());
        DryRunRequest.Scope requested = request.scope();
        Optional<Set<String>> sysIds = requestedSysIds(requested);
        RecordFilter filter = new RecordFilter(requested.recordSysIds().map(Set::copyOf), requested.encodedQuery());
        DeleteCandidates deleteCandidates = new DeleteCandidates(arrayOf(request.deleteCandidates()));
        boolean columnMode = requested.mode() == DryRunRequest.ScopeMode.COLUMN;
        CandidateQuery query = (sysIds.isPresent()
                ? CandidateQuery.records(scope, requested.tables(), sysIds.get(), request.pit().restoreTime())
                : CandidateQuery.tables(scope, requested.tables(), request.pit().restoreTime()))
                .withEventsAfterPit();
        ActionCounts counts;
        SortedSet<PartitionRef> rowPartitions;
        try (DraftMaterialization materialization = new DraftMaterialization(new RecordMaterializer(scope, bodies),
                filter, !columnMode, deleteCandidates, writer::add)) {
            index.stream(query, materialization);
            materialization.finish();
            requireRequestedRecords(requested, materialization.matchedSysIds());
            counts = materialization.counts();
            rowPartitions = new TreeSet<>(materialization.partitions());
        }
        if (counts.rows() == 0) {
            // plan_hash_input needs at least one row (the contract's rule), so a scope whose only effect would be
            // deleting records created after the PIT cannot be a plan
            throw PlanErrors.noIndexedCoverage(deleteCandidates.foundCount() == 0
                    ? RecordMaterializer.noCandidates().getMessage()
                    : "the scope has no record at or before the PIT, only " + deleteCandidates.foundCount()
                    + " record(s) created after the PIT; a plan needs at least one record to restore");
        }
        counts.withConflicts(request.conflicts().size()).withMedia(
                MediaCandidates.count(request.mediaCandidates(), "include"),
                MediaCandidates.count(request.mediaCandidates(), "exclude"));
        ArrayNode media = mediaCandidates(request);
        ObjectNode head = PlanHashInputs.head(request.pit().json(), request.scope().json(),
                request.executionOptions(), counts.toJson(), media);
        String planHash = PlanHashInputs.hash(head, writer::streamRowsInOrder);
        ArrayNode deletes = deleteCandidates.toJson();
        List<AuthoritativeWatermark> marks = watermarks.select(scope, rowPartitions, request.watermarkHints());
        Gate gate = PlanGates.evaluate(rowPartitions, request.watermarkHints(), deletes, media,
                arrayOf(request.conflicts()), marks);
        Instant now = clock.instant();
        ObjectNode plan = PlanRecords.plan(request.planId(), planHash, now, head, arrayOf(request.conflicts()),
                request.approval().isPresent());
        // who asked is the token's subject: the body's requested_by is the caller's word, not an identity (S23)
        return new PlanHeader(ReconciliationState.DRAFT, planHash, request.fingerprint(), caller.subject(),
                Optional.empty(), writer.rowCount(), plan, head, gate.toJson(), deletes, media,
                PlanRecords.watermarks(marks), now, now, Optional.empty());
    }

    /**
     * The sys_ids the index lookup can be restricted to: the explicit list, or those an encoded query names
     * exhaustively ({@code sys_id=…^ORsys_idIN…}); empty means the tables are read whole.
     */
    private static Optional<Set<String>> requestedSysIds(DryRunRequest.Scope scope) {
        if (scope.recordSysIds().isPresent()) {
            return scope.recordSysIds().map(Set::copyOf);
        }
        return scope.encodedQuery().flatMap(query -> query.pushDownSysIds());
    }

    /**
     * Every explicitly requested sys_id must be found in one of the scope's tables (a sys_id is unique across a
     * ServiceNow instance, so requiring it in every table — the reference's cross product — would make a
     * multi-table record scope impossible).
     */
    private static void requireRequestedRecords(DryRunRequest.Scope scope, Set<String> matched) {
        if (scope.recordSysIds().isEmpty() || scope.encodedQuery().isPresent()) {
            return;
        }
        for (String sysId : scope.recordSysIds().get()) {
            if (!matched.contains(sysId)) {
                throw PlanErrors.fromMaterialization(RecordMaterializer.requestedRecordWithoutCandidates(
                        String.join(",", scope.tables()), sysId));
            }
        }
    }

    private static ArrayNode mediaCandidates(DryRunRequest request) {
        return arrayOf(request.mediaCandidatesByCandidateId());
    }

    private static ArrayNode arrayOf(List<? extends JsonNode> nodes) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        nodes.forEach(node -> array.add(node.deepCopy()));
        return array;
    }
}
