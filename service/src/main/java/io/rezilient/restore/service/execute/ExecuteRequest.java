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
 * A validated {@code POST /v1/jobs/{id}/execution} body ({@code ExecuteRestoreJobRequestSchema}, service-spec §6.1),
 * strict: unknown fields are refused.
 * <ul>
 *   <li>{@code operator_id} (an identifier) and {@code operator_capabilities} (at least one restore capability) are
 *       <b>optional</b>: identity and capabilities come from the credentials (architecture §5 deviation 2); when
 *       sent, the service checks that they equal / are a subset of what the credentials grant;</li>
 *   <li>{@code chunk_size} a whole number 1..1000; {@code workflow} a {@link WorkflowRequest};</li>
 *   <li>{@code runtime_conflicts} (default {@code []}): each a {@link RuntimeConflict}, conflict ids unique and at
 *       most one conflict per {@code row_id};</li>
 *   <li>{@code revalidated_target_records} (default {@code []}): unique by {@code table|record_sys_id};</li>
 *   <li>{@code elevated_confirmation} an {@link ElevatedConfirmation}.</li>
 * </ul>
 *
 * @param operatorCapabilities as sent (the service de-duplicates and sorts what it records)
 */
public record ExecuteRequest(Optional<String> operatorId, Optional<List<String>> operatorCapabilities,
                             OptionalInt chunkSize, Optional<WorkflowRequest> workflow,
                             List<RuntimeConflict> runtimeConflicts, List<RevalidatedRecord> revalidatedTargetRecords,
                             Optional<ElevatedConfirmation> elevatedConfirmation) {
    static final Schema SCHEMA = Schemas.object()
            .field("operator_id", ExecuteFields.ID.optional())
            .field("operator_capabilities", ExecuteFields.OPERATOR_CAPABILITIES.optional())
            .field("chunk_size", ExecuteFields.BATCH_ROWS.optional())
            .field("workflow", WorkflowRequest.SCHEMA.optional())
            .field("runtime_conflicts", RuntimeConflict.LIST)
            .field("revalidated_target_records", RevalidatedRecord.LIST)
            .field("elevated_confirmation", ElevatedConfirmation.SCHEMA.optional());

    public ExecuteRequest {
        Objects.requireNonNull(operatorId, "operatorId");
        operatorCapabilities = Objects.requireNonNull(operatorCapabilities, "operatorCapabilities").map(List::copyOf);
        Objects.requireNonNull(chunkSize, "chunkSize");
        Objects.requireNonNull(workflow, "workflow");
        runtimeConflicts = List.copyOf(runtimeConflicts);
        revalidatedTargetRecords = List.copyOf(revalidatedTargetRecords);
        Objects.requireNonNull(elevatedConfirmation, "elevatedConfirmation");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static ExecuteRequest parse(JsonNode body) {
        JsonNode valid = ExecuteFields.validate(body, SCHEMA);
        return new ExecuteRequest(ExecuteFields.optionalText(valid, "operator_id"),
                ExecuteFields.optionalTexts(valid, "operator_capabilities"),
                ExecuteFields.optionalInt(valid, "chunk_size"),
                Optional.ofNullable(valid.get("workflow")).map(WorkflowRequest::fromParsed),
                ExecuteFields.each(valid.get("runtime_conflicts"), RuntimeConflict::fromParsed),
                ExecuteFields.each(valid.get("revalidated_target_records"), RevalidatedRecord::fromParsed),
                Optional.ofNullable(valid.get("elevated_confirmation")).map(ElevatedConfirmation::fromParsed));
    }
}
