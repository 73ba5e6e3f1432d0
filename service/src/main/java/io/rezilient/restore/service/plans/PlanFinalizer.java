package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.PreconditionHash;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReconciliationState;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.index.AuthoritativeWatermark;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.PartitionRef;
import io.rezilient.restore.service.index.RestoreIndexUnavailableException;
import io.rezilient.restore.service.index.WatermarkReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code POST /v1/plans/{plan_id}/target-reconciliation/finalize} (service-spec §4.6): the caller reports for every
 * draft record whether it exists on the target; each row's action is re-derived, freshness is measured again (so a
 * plan finalised after the index fell behind says so; the reference keeps the draft's watermarks), and the plan is frozen with its new hash — all in one
 * transaction holding the draft locked.
 *
 * <p>Two passes over the draft's rows, both in row_id order and constant memory: the first checks the reported
 * records and counts actions (the hash input's counts precede its rows), the second writes the re-derived rows and
 * feeds them to the hash. Reconciliation is a pure function of row and target state, so both passes agree.
 */
public final class PlanFinalizer {
    private static final Logger LOG = LoggerFactory.getLogger(PlanFinalizer.class);
    private static final String EXPLICIT_INSERT = "explicit_insert";

    private final PlanStore store;
    private final WatermarkSelection watermarks;
    private final Clock clock;
    private final PlanWriteGate writeGate;

    public PlanFinalizer(PlanStore store, WatermarkReader watermarks, PlanWriteGate writeGate, Clock clock) {
        this.writeGate = Objects.requireNonNull(writeGate, "writeGate");
        this.store = Objects.requireNonNull(store, "store");
        this.watermarks = new WatermarkSelection(watermarks);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param created true when this call finalised the draft (201), false for an already finalised plan (200)
     */
    public record Outcome(PlanKey key, PlanHeader header, boolean created, long requestedRecordCount) {
    }

    public Outcome finalizePlan(Principal caller, String planId, FinalizeRequest request) {
        // the key carries the caller's scope, so another tenant's plan is simply not found
        PlanKey key = new PlanKey(caller.tenantId(), caller.instanceId(), caller.source(), planId);
        long requested = request.reconciledRecords().size();
        // admitted before any connection is borrowed (see PlanWriteGate: retries must not starve the pool)
        return writeGate.run(key, () -> finalizeAdmitted(caller, key, request, requested));
    }

    private Outcome finalizeAdmitted(Principal caller, PlanKey key, FinalizeRequest request, long requested) {
        try {
            return switch (store.beginFinalize(key)) {
                case PlanStore.FinalizeStart.Missing missing ->
                        throw PlanErrors.planNotFound().with("requested_record_count", requested);
                case PlanStore.FinalizeStart.AlreadyFinalized done -> new Outcome(key, done.plan(), false, requested);
                case PlanStore.FinalizeStart.Opened opened -> {
                    try (Finalization finalization = opened.finalization()) {
                        PlanHeader header = finalizeDraft(caller, finalization, request);
                        finalization.commit(header);
                        LOG.info("plan finalised: plan {} rows {} gate {}", key, header.rowCount(),
                                header.gate().path("reason_code").asText());
                        yield new Outcome(key, header, true, requested);
                    }
                }
            };
        } catch (ApiError answered) {
            throw answered.extras().has("requested_record_count") ? answered
                    : answered.with("requested_record_count", requested);
        } catch (RestoreIndexUnavailableException | PlanStoreUnavailableException failed) {
            throw PlanErrors.indexUnavailable(failed).with("requested_record_count", requested);
        }
    }

    private PlanHeader finalizeDraft(Principal caller, Finalization finalization, FinalizeRequest request) {
        PlanHeader draft = finalization.draft();
        ReconciliationRules rules = ReconciliationRules.of(draft.plan());
        Map<String, TargetState> reported = reportedStates(request);
        ActionCounts counts = new ActionCounts();
        SortedSet<PartitionRef> partitions = new TreeSet<>();
        long[] matched = {0};
        finalization.streamDraftRows(row -> {
            TargetState state = reported.get(key(row));
            if (state == null) {
                throw ApiError.invalidRequest("reconciled_records is missing draft record " + key(row)
                        + ": every target_reconciliation_records entry must be reported");
            }
            matched[0]++;
            counts.countRow(rules.reconcile(row, state).action());
            RowPartitions.of(row.row()).ifPresent(partitions::add);
        });
        if (matched[0] != reported.size()) {
            throw ApiError.invalidRequest("reconciled_records has " + (reported.size() - matched[0])
                    + " record(s) that are not in the draft");
        }
        ObjectNode plan = draft.plan();
        counts.withConflicts(plan.path("conflicts").size()).withMedia(
                MediaCandidates.count(draft.mediaCandidates(), "include"),
                MediaCandidates.count(draft.mediaCandidates(), "exclude"));
        ObjectNode head = PlanHashInputs.withActionCounts(draft.planHashInputHead(), counts.toJson());
        String planHash = PlanHashInputs.hash(head, sink -> finalization.streamDraftRows(row -> {
            PlanRow reconciled = rules.reconcile(row, reported.get(key(row)));
            DraftRow updated = new DraftRow(reconciled, row.artifactKey(), row.manifestKey(), row.sourceOperation(),
                    row.winnerTuple());
            if (!reconciled.equals(row.row())) {
                finalization.update(updated);
            }
            sink.accept(updated);
        }));
        PlanKey key = finalization.key();
        IndexScope scope = new IndexScope(key.tenantId(), key.instanceId(), key.source());
        // re-measured for the rows' partitions (the index always records them, so the request's watermark hints,
        // which only matter for rows without partitions, are not needed here)
        List<AuthoritativeWatermark> marks = watermarks.select(scope, partitions, List.of());
        Gate gate = PlanGates.evaluate(partitions, List.of(), draft.deleteCandidates(), draft.mediaCandidates(),
                plan.path("conflicts"), marks);
        Instant now = clock.instant();
        return new PlanHeader(ReconciliationState.FINALIZED, planHash, draft.requestFingerprint(),
                draft.requestedBy(), Optional.of(caller.subject()), draft.rowCount(),
                PlanRecords.finalized(plan, planHash, now, head), head, gate.toJson(), draft.deleteCandidates(),
                draft.mediaCandidates(), PlanRecords.watermarks(marks), draft.createdAt(), now, Optional.of(now));
    }

    private static Map<String, TargetState> reportedStates(FinalizeRequest request) {
        Map<String, TargetState> states = new HashMap<>();
        for (FinalizeRequest.ReconciledRecord record : request.reconciledRecords()) {
            states.put(record.key(), record.targetState());
        }
        return states;
    }

    private static String key(DraftRow row) {
        return row.row().table() + "|" + row.row().recordSysId();
    }

    /**
     * The §4.6 table with the plan's scope and options applied:
     * <ul>
     *   <li>{@code missing_row_mode: explicit_insert} lets a record updated at the PIT but missing on the target be
     *       re-inserted — restoring deleted records is the platform's main use — where the reference always
     *       blocks (it never reads the option); {@code existing_only} keeps the reference's block;</li>
     *   <li>column mode restores columns onto records that exist: a record missing on the target is skipped, and
     *       a record deleted at the PIT but present on the target gets its columns restored (update).</li>
     * </ul>
     */
    private record ReconciliationRules(boolean explicitInsert, boolean columnMode) {
        static ReconciliationRules of(ObjectNode plan) {
            return new ReconciliationRules(
                    EXPLICIT_INSERT.equals(plan.path("execution_options").path("missing_row_mode").asText()),
                    "column".equals(plan.path("scope").path("mode").asText()));
        }

        PlanRow reconcile(DraftRow draft, TargetState state) {
            Optional<PlanRowAction> action = TargetReconciliation.expectedAction(columnMode, explicitInsert,
                    draft.sourceOperation(), state);
            if (action.isPresent()) {
                return withAction(draft, action.get());
            }
            return switch (TargetReconciliation.reconcile(draft, state)) {
                case TargetReconciliation.Reconciled reconciled -> reconciled.row();
                case TargetReconciliation.Blocked blocked -> throw PlanErrors.referenceConflict(
                        MaterializationException.reconciliationBlocked(blocked, state));
            };
        }

        private static PlanRow withAction(DraftRow draft, PlanRowAction action) {
            PlanRow row = draft.row();
            if (row.action() == action) {
                return row;
            }
            String hash = new PreconditionHash(action, draft.artifactKey(), draft.manifestKey(),
                    draft.sourceOperation(), row.recordSysId(), row.rowId(), row.table(), row.values(),
                    draft.winnerTuple()).compute();
            return new PlanRow(row.rowId(), row.table(), row.recordSysId(), action, hash, row.metadata(),
                    row.values());
        }
    }
}
