package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.locks.JobRef;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One stored restore job (service-spec §5.1), as a row of {@code rez_restore.jobs}; only {@link JobStateMachine}
 * changes it. Its queue position and wait fields are not part of it: they are computed from the lock rows when the
 * job is rendered ({@link JobView}).
 *
 * @param startedAt   null until the job first runs (and again after a reconcile re-queues it)
 * @param completedAt null until the job is terminal
 */
public record Job(String jobId, String tenantId, String instanceId, String source, String planId, String planHash,
                  JobStatus status, String statusReasonCode, List<String> lockScopeTables,
                  List<String> requiredCapabilities, String requestedBy, Instant requestedAt, ObjectNode approval,
                  Instant startedAt, Instant completedAt, Instant updatedAt) {
    public Job {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReasonCode, "statusReasonCode");
        lockScopeTables = List.copyOf(lockScopeTables);
        requiredCapabilities = List.copyOf(requiredCapabilities);
        Objects.requireNonNull(requestedBy, "requestedBy");
        requestedAt = micros(Objects.requireNonNull(requestedAt, "requestedAt"));
        approval = Objects.requireNonNull(approval, "approval").deepCopy();
        startedAt = startedAt == null ? null : micros(startedAt);
        completedAt = completedAt == null ? null : micros(completedAt);
        updatedAt = micros(Objects.requireNonNull(updatedAt, "updatedAt"));
    }

    public ResourceScope scope() {
        return new ResourceScope(tenantId, instanceId, source);
    }

    /** The job as the lock manager names it. */
    public JobRef ref() {
        return new JobRef(jobId, tenantId, instanceId, source);
    }

    @Override
    public ObjectNode approval() {
        return approval.deepCopy();
    }

    /** PostgreSQL keeps microseconds; normalising here makes a stored job equal the one written. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
