package io.rezilient.restore.service.execute;

import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.ExecutionStatus;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.restore.TargetState;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.service.auth.EffectiveCapabilities;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.jobs.Job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks that arm an execution (service-spec §6.2 steps 6–10, with architecture §5 items 2 and 3), shared by
 * {@code POST …/execution} and by a claim that finds no execution yet: a claim never starts an execution the execute
 * endpoint would have refused. Each check throws its {@link io.rezilient.restore.service.http.ApiError}; what passes
 * is an {@link Armed} ready to be inserted.
 */
final class Arming {
    private final EffectiveCapabilities capabilities;
    private final ExecutionSettings settings;

    Arming(EffectiveCapabilities capabilities, ExecutionSettings settings) {
        this.capabilities = capabilities;
        this.settings = settings;
    }

    /** The execution to insert, with what the checks accepted. */
    record Armed(Execution execution, List<RuntimeConflict> runtimeConflicts, List<RevalidatedRecord> revalidated) {
    }

    /** What a request asks for; a claim that arms asks for the defaults. */
    record Ask(Optional<String> operatorId, Optional<List<String>> operatorCapabilities, Optional<Integer> chunkSize,
               Optional<WorkflowRequest> workflow, List<RuntimeConflict> runtimeConflicts,
               List<RevalidatedRecord> revalidated, Optional<ElevatedConfirmation> confirmation) {
        static Ask of(ExecuteRequest request) {
            return new Ask(request.operatorId(), request.operatorCapabilities(),
                    request.chunkSize().isPresent() ? Optional.of(request.chunkSize().getAsInt()) : Optional.empty(),
                    request.workflow(), request.runtimeConflicts(), request.revalidatedTargetRecords(),
                    request.elevatedConfirmation());
        }

        static Ask ofClaim(ClaimRequest request) {
            return new Ask(request.operatorId(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                    request.revalidatedTargetRecords(), Optional.empty());
        }
    }

    /**
     * Runs the checks on a read connection (the plan's rows are read, nothing is written).
     *
     * @throws io.rezilient.restore.service.http.ApiError the first refusal
     */
    Armed check(Connection connection, Principal caller, Job job, ExecutablePlan plan, Ask ask, Instant now)
            throws SQLException {
        if (!plan.includedMedia().isEmpty()) {
            throw ExecutionErrors.mediaRestoreUnavailable(plan.includedMedia().size());
        }
        // step 6: runtime conflicts name plan rows; step 7: the matrix
        List<String> conflictRows = ask.runtimeConflicts().stream().map(RuntimeConflict::rowId).toList();
        Set<String> outside = new TreeSet<>(conflictRows);
        ExecutionSql.planRowIds(connection, plan.key(), conflictRows).forEach(outside::remove);
        if (!outside.isEmpty()) {
            throw ExecutionErrors.runtimeConflictOutsidePlan(outside);
        }
        for (RuntimeConflict conflict : ask.runtimeConflicts()) {
            ConflictMatrix.judge(conflict.conflictId(), conflict.conflictClass().wire(),
                    Optional.of(conflict.resolution().wire())).ifPresent(block -> {
                throw ExecutionErrors.runtimeConflictBlocked(block.reasonCode(), block.message());
            });
        }
        // step 8: identity and capabilities come from the credentials (deviation 2)
        if (ask.operatorId().isPresent() && !ask.operatorId().get().equals(caller.subject())) {
            throw ExecutionErrors.identityMismatch("operator_id");
        }
        Set<String> held = new TreeSet<>();
        capabilities.of(caller).forEach(capability -> held.add(capability.wire()));
        if (ask.operatorCapabilities().isPresent()) {
            Set<String> notGranted = new TreeSet<>(ask.operatorCapabilities().get());
            notGranted.removeAll(held);
            if (!notGranted.isEmpty()) {
                throw ExecutionErrors.missingCapability("operator_capabilities names capabilities the credentials do"
                        + " not grant: " + String.join(", ", notGranted));
            }
        }
        long plannedRows = plan.header().rowCount();
        boolean deletes = plan.planDeleteRows() > 0 || plan.anyDeletionAllowed();
        CapabilityRules.Requirement requirement = settings.capabilityRules().requirement(job.requiredCapabilities(),
                plannedRows, plan.planSkipRows(), ask.runtimeConflicts().size(), deletes, plan.schemaOverride(),
                plan.includedMedia().size(), mediaBytes(plan));
        CapabilityRules.check(requirement, held, ask.confirmation().isPresent());
        // step 9: workflow
        String workflowMode = plan.workflowMode();
        List<String> allowlist = List.of();
        if (ask.workflow().isPresent()) {
            if (!ask.workflow().get().mode().equals(workflowMode)) {
                throw ExecutionErrors.workflowMismatch(ask.workflow().get().mode(), workflowMode);
            }
            allowlist = ask.workflow().get().allowlist().stream().sorted().toList();
        }
        // step 10: revalidation against the caller's records; without records the agent revalidates under row locks
        String revalidation = "agent";
        if (!ask.revalidated().isEmpty()) {
            revalidate(connection, plan, ask.revalidated());
            revalidation = "records";
        }
        int chunkSize = ask.chunkSize().orElse(settings.defaultChunkSize());
        List<String> used = ask.operatorCapabilities().map(list -> List.copyOf(new TreeSet<>(list)))
                .orElseGet(() -> List.copyOf(new TreeSet<>(requirement.required())));
        Checkpoint start = Checkpoint.at(job.jobId(), plan.planHash(), 0, chunkSize, Integer.MAX_VALUE,
                Optional.empty(), now);
        Execution execution = new Execution(job.jobId(), job.tenantId(), job.instanceId(), job.source(), job.planId(),
                plan.planHash(), plan.planChecksum(), plan.preconditionChecksum(), PlanContract.RESTORE_CONTRACT_VERSION,
                ExecutionStatus.PAUSED, ReasonCode.NONE.wire(), settings.progressMode().wire(), now, Optional.empty(),
                caller.subject(), chunkSize, 0, 0, 0, workflowMode, allowlist,
                ask.confirmation().map(ElevatedConfirmation::toJson), used, revalidation, 1, 0, 0, 0, 0, plan.header().mediaCandidates().size(), start);
        return new Armed(execution, ask.runtimeConflicts(), ask.revalidated());
    }

    /** The capabilities a resume must hold: those the execution recorded (§6.4). */
    void checkResume(Principal caller, Execution execution, Optional<String> operatorId,
                     Optional<List<String>> operatorCapabilities) {
        if (operatorId.isPresent() && !operatorId.get().equals(caller.subject())) {
            throw ExecutionErrors.identityMismatch("operator_id");
        }
        Set<String> held = new TreeSet<>();
        capabilities.of(caller).forEach(capability -> held.add(capability.wire()));
        Set<String> asserted = operatorCapabilities.<Set<String>>map(TreeSet::new).orElse(held);
        Set<String> notGranted = new TreeSet<>(asserted);
        notGranted.removeAll(held);
        if (!notGranted.isEmpty()) {
            throw ExecutionErrors.missingCapability("operator_capabilities names capabilities the credentials do not"
                    + " grant: " + String.join(", ", notGranted));
        }
        Set<String> missing = new TreeSet<>(execution.capabilitiesUsed());
        missing.removeAll(asserted);
        if (!missing.isEmpty()) {
            throw ExecutionErrors.missingCapability("resume needs the capabilities the execution was started with;"
                    + " missing: " + String.join(", ", missing));
        }
    }

    /**
     * §6.5: the records must be unique and cover every record of a non-skip plan row, and for each the §4.6 matrix
     * must give the plan row's action.
     */
    static void revalidate(Connection connection, ExecutablePlan plan, List<RevalidatedRecord> records)
            throws SQLException {
        Map<String, TargetState> byRecord = new HashMap<>();
        for (RevalidatedRecord record : records) {
            if (byRecord.put(record.key(), record.targetState()) != null) {
                throw ExecutionErrors.revalidationIncomplete("revalidated_target_records names " + record.key()
                        + " twice");
            }
        }
        List<String> uncovered = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT table_name, record_sys_id, action, source_operation FROM rez_restore.plan_rows
                WHERE tenant_id = ? AND instance_id = ? AND source = ? AND plan_id = ? AND action <> 'skip'""")) {
            statement.setString(1, plan.key().tenantId());
            statement.setString(2, plan.key().instanceId());
            statement.setString(3, plan.key().source());
            statement.setString(4, plan.key().planId());
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1) + "|" + rows.getString(2);
                    TargetState state = byRecord.get(key);
                    if (state == null) {
                        if (uncovered.size() < 20) {
                            uncovered.add(key);
                        }
                        continue;
                    }
                    Optional<PlanRowAction> expected = plan.expectedAction(SourceOperation.fromWire(rows.getString(4)),
                            state);
                    if (expected.isEmpty() || !expected.get().wire().equals(rows.getString(3))) {
                        changed.add(key + " (" + state.wire() + ", planned " + rows.getString(3) + ")");
                    }
                }
            }
        }
        if (!uncovered.isEmpty()) {
            throw ExecutionErrors.revalidationIncomplete("revalidated_target_records do not cover every planned record;"
                    + " missing e.g. " + uncovered);
        }
        if (!changed.isEmpty()) {
            throw ExecutionErrors.revalidationFailed("the target changed since the plan was reconciled: "
                    + changed.subList(0, Math.min(20, changed.size())));
        }
    }

    private static long mediaBytes(ExecutablePlan plan) {
        long bytes = 0;
        for (var candidate : plan.includedMedia()) {
            bytes += candidate.path("size_bytes").asLong(0);
        }
        return bytes;
    }

    static Set<String> wire(Set<Capability> capabilities) {
        Set<String> wire = new HashSet<>();
        capabilities.forEach(capability -> wire.add(capability.wire()));
        return wire;
    }
}
