package io.rezilient.restore.agent.target;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One claimed chunk to apply.
 *
 * @param claimId  the claim; applying the same claim twice writes once (the second call returns the first's result)
 * @param planHash the plan's hash (part of every row's rollback-journal id)
 * @param tenantId the tenant whose keyring seals the before-images; with {@code instanceId} and {@code source} it
 *                 is bound into their AAD
 * @param columns  for a column-scope plan, the only columns written; empty for a whole-record plan
 * @param rows     the rows in plan order; a record appears at most once
 */
public record ChunkRequest(String jobId, String claimId, String planHash, String tenantId, String instanceId,
                           String source, Optional<List<String>> columns, List<RowChange> rows) {
    public ChunkRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        columns = Objects.requireNonNull(columns, "columns").map(List::copyOf);
        if (columns.isPresent() && columns.get().isEmpty()) {
            throw new IllegalArgumentException("claim " + claimId + ": a column scope lists at least one column");
        }
        rows = List.copyOf(rows);
        Set<String> rowIds = new HashSet<>();
        Set<RecordRef> records = new HashSet<>();
        for (RowChange row : rows) {
            // two changes of one record in one chunk would have no defined order or before-image
            if (!rowIds.add(row.rowId()) || !records.add(row.record())) {
                throw new IllegalArgumentException("claim " + claimId + ": row " + row.rowId() + " ("
                        + row.record() + ") appears more than once in the chunk");
            }
        }
    }
}
