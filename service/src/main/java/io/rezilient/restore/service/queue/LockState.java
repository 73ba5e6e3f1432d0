package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lock state in the reference's export shape (§5.2) {@code {running_jobs, queued_jobs}}: who holds keys, in
 * holding order, and who waits, in FIFO order. Built per (tenant, instance, source); several concatenate.
 */
public record LockState(List<Entry> runningJobs, List<Entry> queuedJobs) {
    public LockState {
        runningJobs = List.copyOf(runningJobs);
        queuedJobs = List.copyOf(queuedJobs);
    }

    public static LockState empty() {
        return new LockState(List.of(), List.of());
    }

    /** One job's keys: {@code {jobId, tenantId, instanceId, source, tables, reasonCode}} (camelCase, as exported). */
    public record Entry(String jobId, ScopeKey scope, List<String> tables, String reasonCode) {
        public Entry {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(scope, "scope");
            tables = List.copyOf(tables);
            Objects.requireNonNull(reasonCode, "reasonCode");
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("jobId", jobId);
            json.put("tenantId", scope.tenantId());
            json.put("instanceId", scope.instanceId());
            json.put("source", scope.source());
            json.putArray("tables").addAll(tables.stream().map(JsonNodeFactory.instance::textNode).toList());
            json.put("reasonCode", reasonCode);
            return json;
        }
    }

    LockState plus(LockState other) {
        List<Entry> running = new ArrayList<>(runningJobs);
        running.addAll(other.runningJobs);
        List<Entry> queued = new ArrayList<>(queuedJobs);
        queued.addAll(other.queuedJobs);
        return new LockState(running, queued);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode running = json.putArray("running_jobs");
        runningJobs.forEach(entry -> running.add(entry.toJson()));
        ArrayNode queued = json.putArray("queued_jobs");
        queuedJobs.forEach(entry -> queued.add(entry.toJson()));
        return json;
    }
}
