package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated {@code POST /v1/jobs/{id}/execute-batches/claim} body (service-spec §3.5, §6.7), strict:
 * {@code operator_id?} (optional: the claimer is the credentials' subject, architecture §5 deviation 2),
 * {@code max_rows?} a whole number 1..1000 (default: the execution's chunk size),
 * {@code revalidated_target_records?} unique by {@code table|record_sys_id}, and (ours, deviation S71)
 * {@code after_claim_id?}: the caller still holds that claim and asks for the rows after it (a pipelined claim).
 */
public record ClaimRequest(Optional<String> operatorId, OptionalInt maxRows,
                           List<RevalidatedRecord> revalidatedTargetRecords, Optional<String> afterClaimId) {
    static final Schema SCHEMA = Schemas.object()
            .field("operator_id", ExecuteFields.ID.optional())
            .field("max_rows", ExecuteFields.BATCH_ROWS.optional())
            .field("revalidated_target_records", RevalidatedRecord.LIST)
            .field("after_claim_id", ExecuteFields.ID.optional());

    public ClaimRequest {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(maxRows, "maxRows");
        revalidatedTargetRecords = List.copyOf(revalidatedTargetRecords);
        Objects.requireNonNull(afterClaimId, "afterClaimId");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static ClaimRequest parse(JsonNode body) {
        JsonNode valid = ExecuteFields.validate(body, SCHEMA);
        return new ClaimRequest(ExecuteFields.optionalText(valid, "operator_id"),
                ExecuteFields.optionalInt(valid, "max_rows"),
                ExecuteFields.each(valid.get("revalidated_target_records"), RevalidatedRecord::fromParsed),
                ExecuteFields.optionalText(valid, "after_claim_id"));
    }
}
