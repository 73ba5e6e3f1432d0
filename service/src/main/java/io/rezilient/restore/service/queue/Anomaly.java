package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.JobStatus;

import java.util.Objects;

/** Something a reconcile found wrong or worth telling about an in-scope job (§5.5), with its evidence. */
public record Anomaly(Code code, String jobId, JobStatus status, ObjectNode details) {
    /** The anomaly codes of §5.5. */
    public enum Code {
        LOCK_MEMBERSHIP_MISMATCH("lock_membership_mismatch"),
        QUEUED_MISSING_BLOCKER("queued_missing_blocker"),
        STALE_NON_TERMINAL_JOB("stale_non_terminal_job"),
        ACTIVE_JOB_CONFLICTS_REQUEUED("active_job_conflicts_requeued"),
        QUEUED_JOB_PROMOTABLE("queued_job_promotable");

        private final String wire;

        Code(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Anomaly {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        details = Objects.requireNonNull(details, "details").deepCopy();
    }

    @Override
    public ObjectNode details() {
        return details.deepCopy();
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("code", code.wire());
        json.put("job_id", jobId);
        json.put("status", status.wire());
        json.set("details", details.deepCopy());
        return json;
    }
}
