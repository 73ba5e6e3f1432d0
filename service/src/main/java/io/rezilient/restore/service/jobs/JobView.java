package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.locks.Blockers;
import io.rezilient.restore.service.locks.PostgresLockManager;
import io.rezilient.restore.service.locks.ScopeQueue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A job with its current place in the lock queue, rendered as the job record of service-spec §5.1. The queue fields
 * are computed from the lock rows at read time (deviation S26), so a queued job's {@code queue_position} moves up as
 * jobs ahead of it leave, and {@code wait_tables} names what it waits for now. {@code wait_blocker_job_ids} (ours)
 * names the jobs it waits for, which the runbook's queue triage otherwise has to work out by hand. A queued job's
 * {@code wait_reason_code} is its {@code status_reason_code}: {@code queued_scope_lock}, or the reason the
 * source-mapping check withheld its start (S44), in which case nothing else may block it.
 */
public record JobView(Job job, OptionalInt queuePosition, Blockers blockers) {
    public JobView {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(queuePosition, "queuePosition");
        Objects.requireNonNull(blockers, "blockers");
    }

    /** A job that is not queued: it has no queue fields, so nothing needs to be read. */
    public static JobView notQueued(Job job) {
        if (job.status() == JobStatus.QUEUED) {
            throw new IllegalArgumentException("job " + job.jobId() + " is queued: its queue fields must be read");
        }
        return new JobView(job, OptionalInt.empty(), Blockers.none());
    }

    /** Reads the queue fields of {@code job} on the caller's connection (one statement). */
    public static JobView of(Connection connection, PostgresLockManager locks, Job job) throws SQLException {
        if (job.status() != JobStatus.QUEUED) {
            return notQueued(job);
        }
        return in(locks.read(connection, job.ref().scope()), job);
    }

    /** The job with its queue fields as {@code queue}, its scope's lock state, gives them. */
    public static JobView in(ScopeQueue queue, Job job) {
        if (job.status() != JobStatus.QUEUED) {
            return notQueued(job);
        }
        return new JobView(job, queue.position(job.jobId()), queue.blockers(job.jobId()));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        json.put("job_id", job.jobId());
        json.put("tenant_id", job.tenantId());
        json.put("instance_id", job.instanceId());
        json.put("source", job.source());
        json.put("plan_id", job.planId());
        json.put("plan_hash", job.planHash());
        json.put("status", job.status().wire());
        json.put("status_reason_code", job.statusReasonCode());
        json.set("lock_scope_tables", strings(job.lockScopeTables()));
        json.set("required_capabilities", strings(job.requiredCapabilities()));
        json.put("requested_by", job.requestedBy());
        json.put("requested_at", IsoUtc.format(job.requestedAt()));
        json.set("approval", job.approval());
        json.put("metadata_allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        boolean queued = job.status() == JobStatus.QUEUED;
        if (queued && queuePosition.isPresent()) {
            json.put("queue_position", queuePosition.getAsInt());
        } else {
            json.putNull("queue_position");
        }
        if (queued) {
            json.put("wait_reason_code", job.statusReasonCode());
        } else {
            json.putNull("wait_reason_code");
        }
        json.set("wait_tables", strings(queued ? blockers.tables() : List.of()));
        json.set("wait_blocker_job_ids", strings(queued ? blockers.jobIds() : List.of()));
        putTime(json, "started_at", job.startedAt());
        putTime(json, "completed_at", job.completedAt());
        json.put("updated_at", IsoUtc.format(job.updatedAt()));
        return json;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void putTime(ObjectNode json, String field, Instant value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, IsoUtc.format(value));
        }
    }
}
