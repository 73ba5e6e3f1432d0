package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of a reconcile or reset, {@code QueueReconcileResult} of service-spec §5.5. The lock states cover the
 * (tenant, instance, source) scopes examined (the unit of rebuild), never the whole service.
 */
public record QueueReconcileResult(boolean dryRun, QueueScope scope, Optional<Instant> staleCutoff,
                                   List<Anomaly> anomalies, List<StatusChange> forcedTransitions,
                                   List<StatusChange> promotedJobs, LockState before, LockState after,
                                   Totals totals) {
    public QueueReconcileResult {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(staleCutoff, "staleCutoff");
        anomalies = List.copyOf(anomalies);
        forcedTransitions = List.copyOf(forcedTransitions);
        promotedJobs = List.copyOf(promotedJobs);
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(totals, "totals");
    }

    /**
     * @param jobsScanned        jobs (any status) of the tenant/instance/source filter
     * @param jobsInScope        of those, the ones sharing a table with {@code lock_scope_tables} (all when none)
     * @param nonTerminalInScope in-scope jobs that are queued, running or paused
     * @param staleJobsInScope   in-scope non-terminal jobs at or before the stale cutoff
     */
    public record Totals(long jobsScanned, long jobsInScope, long nonTerminalInScope, long staleJobsInScope) {
    }

    /** The result of reconciling {@code plans} (one per scope examined, in scope order). */
    static QueueReconcileResult of(QueueReconcileRequest request, Optional<Instant> cutoff, List<ScopePlan> plans,
                                   ScopeSnapshotReader.Counts counts) {
        List<Anomaly> anomalies = new ArrayList<>();
        List<StatusChange> forced = new ArrayList<>();
        List<StatusChange> promoted = new ArrayList<>();
        LockState before = LockState.empty();
        LockState after = LockState.empty();
        long nonTerminal = 0;
        long stale = 0;
        for (ScopePlan plan : plans) {
            anomalies.addAll(plan.anomalies());
            forced.addAll(plan.forcedTransitions());
            promoted.addAll(plan.promotions());
            before = before.plus(plan.before());
            after = after.plus(plan.after());
            nonTerminal += plan.nonTerminalInScope();
            stale += plan.staleInScope();
        }
        return new QueueReconcileResult(request.dryRun(), request.scope(), cutoff, anomalies, forced, promoted,
                before, after, new Totals(counts.jobsScanned(), counts.jobsInScope(), nonTerminal, stale));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("dry_run", dryRun);
        json.put("applied", !dryRun);
        json.set("scope", scope.toJson());
        if (staleCutoff.isPresent()) {
            json.put("stale_cutoff_at", IsoUtc.format(staleCutoff.get()));
        } else {
            json.putNull("stale_cutoff_at");
        }
        ArrayNode anomalyArray = json.putArray("anomalies");
        anomalies.forEach(anomaly -> anomalyArray.add(anomaly.toJson()));
        ArrayNode forcedArray = json.putArray("forced_transitions");
        forcedTransitions.forEach(change -> forcedArray.add(change.toJson()));
        ArrayNode promotedArray = json.putArray("promoted_jobs");
        promotedJobs.forEach(change -> promotedArray.add(change.toJson()));
        json.putArray("promoted_job_ids").addAll(promotedJobs.stream()
                .map(change -> JsonNodeFactory.instance.textNode(change.jobId())).toList());
        json.set("lock_state_before", before.toJson());
        json.set("lock_state_after", after.toJson());
        ObjectNode totalsJson = json.putObject("totals");
        totalsJson.put("jobs_scanned", totals.jobsScanned());
        totalsJson.put("jobs_in_scope", totals.jobsInScope());
        totalsJson.put("non_terminal_in_scope", totals.nonTerminalInScope());
        totalsJson.put("stale_jobs_in_scope", totals.staleJobsInScope());
        return json;
    }
}
