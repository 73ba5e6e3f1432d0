package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code POST /v1/jobs/{id}/resume} body (service-spec §6.6), strict: {@code operator_id?},
 * {@code operator_capabilities?} (optional, as on {@link ExecuteRequest}: architecture §5 deviation 2),
 * {@code runtime_conflicts?} and {@code revalidated_target_records?} with the execute body's rules, and
 * {@code expected_plan_checksum?} / {@code expected_precondition_checksum?}, 64 hex digits in either case,
 * lower-cased here.
 */
public record ResumeRequest(Optional<String> operatorId, Optional<List<String>> operatorCapabilities,
                            List<RuntimeConflict> runtimeConflicts, List<RevalidatedRecord> revalidatedTargetRecords,
                            Optional<String> expectedPlanChecksum, Optional<String> expectedPreconditionChecksum) {
    static final Schema SCHEMA = Schemas.object()
            .field("operator_id", ExecuteFields.ID.optional())
            .field("operator_capabilities", ExecuteFields.OPERATOR_CAPABILITIES.optional())
            .field("runtime_conflicts", RuntimeConflict.LIST)
            .field("revalidated_target_records", RevalidatedRecord.LIST)
            .field("expected_plan_checksum", ContractFields.sha256Hex().optional())
            .field("expected_precondition_checksum", ContractFields.sha256Hex().optional());

    public ResumeRequest {
        Objects.requireNonNull(operatorId, "operatorId");
        operatorCapabilities = Objects.requireNonNull(operatorCapabilities, "operatorCapabilities").map(List::copyOf);
        runtimeConflicts = List.copyOf(runtimeConflicts);
        revalidatedTargetRecords = List.copyOf(revalidatedTargetRecords);
        Objects.requireNonNull(expectedPlanChecksum, "expectedPlanChecksum");
        Objects.requireNonNull(expectedPreconditionChecksum, "expectedPreconditionChecksum");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static ResumeRequest parse(JsonNode body) {
        JsonNode valid = ExecuteFields.validate(body, SCHEMA);
        return new ResumeRequest(ExecuteFields.optionalText(valid, "operator_id"),
                ExecuteFields.optionalTexts(valid, "operator_capabilities"),
                ExecuteFields.each(valid.get("runtime_conflicts"), RuntimeConflict::fromParsed),
                ExecuteFields.each(valid.get("revalidated_target_records"), RevalidatedRecord::fromParsed),
                ExecuteFields.optionalText(valid, "expected_plan_checksum"),
                ExecuteFields.optionalText(valid, "expected_precondition_checksum"));
    }
}
