package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.JsonBody;
import io.rezilient.restore.service.locks.LockKey;
import io.rezilient.restore.service.plans.DryRunRequestSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code POST /v1/jobs} body (service-spec §3.4), strict: unknown fields are refused.
 *
 * @param lockScopeTables      normalised (trimmed, de-duplicated, sorted), never empty; a blank entry is refused
 * @param requiredCapabilities as given (the reference stores them unchanged)
 * @param callerSentApproval   whether an {@code approval} block was sent; it is never stored (§5.1 placeholder)
 */
public record CreateJobRequest(String tenantId, String instanceId, String source, String planId, String planHash,
                               List<String> lockScopeTables, List<String> requiredCapabilities, String requestedBy,
                               boolean callerSentApproval) {
    static final Schema SCHEMA = Schemas.object()
            .field("tenant_id", InputText.identifier())
            .field("instance_id", InputText.identifier())
            .field("source", InputText.identifier())
            .field("plan_id", InputText.identifier())
            .field("plan_hash", ContractFields.sha256Hex())
            .field("lock_scope_tables", Schemas.array(InputText.identifier()).min(1))
            .field("required_capabilities", Schemas.array(Schemas.oneOf(
                    Capability.RESTORE_CAPABILITIES.stream().map(Capability::wire).sorted().toList())).min(1))
            .field("requested_by", InputText.identifier())
            .field("approval", DryRunRequestSchema.APPROVAL.optional());

    public CreateJobRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(planHash, "planHash");
        lockScopeTables = List.copyOf(lockScopeTables);
        requiredCapabilities = List.copyOf(requiredCapabilities);
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static CreateJobRequest parse(JsonNode body) {
        JsonNode valid = JsonBody.validate(body, SCHEMA);
        List<String> tables;
        try {
            tables = LockKey.normalizeTables(texts(valid.get("lock_scope_tables")));
        } catch (IllegalArgumentException blank) {
            throw ApiError.invalidRequest("lock_scope_tables: must name at least one non-blank table");
        }
        return new CreateJobRequest(valid.get("tenant_id").textValue(), valid.get("instance_id").textValue(),
                valid.get("source").textValue(), valid.get("plan_id").textValue(),
                valid.get("plan_hash").textValue(), tables, texts(valid.get("required_capabilities")),
                valid.get("requested_by").textValue(), valid.has("approval"));
    }

    public ResourceScope resourceScope() {
        return new ResourceScope(tenantId, instanceId, source);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.textValue()));
        return values;
    }
}
