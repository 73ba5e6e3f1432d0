package io.rezilient.restore.agent.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.target.RecordRef;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.contracts.restore.TargetState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the service to undo a job ({@code POST /v1/jobs/{id}/rollback}) from the target itself: reads the job's
 * rollback journal, reads the current state and fingerprint of every journaled record on the target (in batches) and
 * sends them with the operator's resolutions, so nobody reports the target's state by hand. The service decides; its
 * answer is returned as it is (201, or a 409 naming the rows to resolve).
 */
public final class RollbackRequester {
    private static final int BATCH = 1000;

    private final RestoreServiceClient service;
    private final TargetWriter target;

    public RollbackRequester(RestoreServiceClient service, TargetWriter target) {
        this.service = Objects.requireNonNull(service, "service");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** What was sent and what the service answered. */
    public record Requested(String jobId, int records, int existing, ServiceAnswer answer) {
    }

    /**
     * @param resolutions row id → {@code overwrite} or {@code skip}
     * @param planId      the undo plan's id; empty lets the service choose one
     * @throws RollbackException when the journal cannot be read
     */
    public Requested request(String jobId, Map<String, String> resolutions, Optional<String> planId) {
        ServiceAnswer journal = service.rollbackJournal(jobId);
        if (!journal.ok()) {
            throw new RollbackException("cannot read the rollback journal of job " + jobId + ": "
                    + journal.describe());
        }
        Set<RecordRef> records = new LinkedHashSet<>();
        for (JsonNode entry : journal.body().path("rollback_journal")) {
            records.add(new RecordRef(entry.path("table").asText(), entry.path("record_sys_id").asText()));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode reported = body.putArray("target_records");
        int existing = 0;
        List<RecordRef> all = new ArrayList<>(records);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<RecordRef> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            Map<RecordRef, TargetState> states = target.states(batch);
            Map<RecordRef, String> fingerprints = target.fingerprints(batch);
            for (RecordRef record : batch) {
                ObjectNode item = reported.addObject().put("table", record.table())
                        .put("record_sys_id", record.sysId());
                String fingerprint = fingerprints.get(record);
                if (states.getOrDefault(record, TargetState.MISSING) == TargetState.EXISTS && fingerprint != null) {
                    item.put("target_state", TargetState.EXISTS.wire()).put("fingerprint", fingerprint);
                    existing++;
                } else {
                    item.put("target_state", TargetState.MISSING.wire());
                }
            }
        }
        if (!resolutions.isEmpty()) {
            ArrayNode given = body.putArray("resolutions");
            resolutions.forEach((rowId, resolution) -> given.addObject().put("row_id", rowId)
                    .put("resolution", resolution));
        }
        planId.ifPresent(id -> body.put("plan_id", id));
        return new Requested(jobId, records.size(), existing, service.rollback(jobId, body));
    }
}
