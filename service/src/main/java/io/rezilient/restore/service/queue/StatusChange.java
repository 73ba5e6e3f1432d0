package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.JobStatus;

import java.util.Objects;

/** A job status change a reconcile made (or, in a dry run, would make): a forced terminal or a promotion. */
public record StatusChange(String jobId, JobStatus fromStatus, JobStatus toStatus, String reasonCode) {
    public StatusChange {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(fromStatus, "fromStatus");
        Objects.requireNonNull(toStatus, "toStatus");
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("job_id", jobId);
        json.put("from_status", fromStatus.wire());
        json.put("to_status", toStatus.wire());
        json.put("reason_code", reasonCode);
        return json;
    }
}
