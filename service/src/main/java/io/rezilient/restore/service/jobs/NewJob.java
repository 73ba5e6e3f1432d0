package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.locks.JobRef;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job as requested, before it exists: what {@link JobTransitions#create} admits. Its status, reason and stamps
 * are not chosen by the caller but by the lock decision ({@link JobStateMachine#admit}).
 *
 * @param lockScopeTables as asked; the lock manager normalises them
 * @param createdDetails  more details of its {@code job_created} event (e.g. the job an undo rolls back)
 */
public record NewJob(String jobId, String tenantId, String instanceId, String source, String planId, String planHash,
                     List<String> lockScopeTables, List<String> requiredCapabilities, String requestedBy,
                     Instant requestedAt, ObjectNode approval, ObjectNode createdDetails) {
    public NewJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(planHash, "planHash");
        lockScopeTables = List.copyOf(lockScopeTables);
        requiredCapabilities = List.copyOf(requiredCapabilities);
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        approval = Objects.requireNonNull(approval, "approval").deepCopy();
        createdDetails = Objects.requireNonNull(createdDetails, "createdDetails").deepCopy();
    }

    /** A job whose {@code job_created} event has only the standard details. */
    public NewJob(String jobId, String tenantId, String instanceId, String source, String planId, String planHash,
                  List<String> lockScopeTables, List<String> requiredCapabilities, String requestedBy,
                  Instant requestedAt, ObjectNode approval) {
        this(jobId, tenantId, instanceId, source, planId, planHash, lockScopeTables, requiredCapabilities, requestedBy,
                requestedAt, approval, JsonNodeFactory.instance.objectNode());
    }

    @Override
    public ObjectNode createdDetails() {
        return createdDetails.deepCopy();
    }

    @Override
    public ObjectNode approval() {
        return approval.deepCopy();
    }

    /** The job as the lock manager names it. */
    public JobRef ref() {
        return new JobRef(jobId, tenantId, instanceId, source);
    }
}
