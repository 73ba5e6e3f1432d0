package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ConflictResolution;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.plans.DryRunRequestSchema;

import java.util.Objects;

/**
 * A conflict the operator found at execute time, with its resolution (service-spec §6.1, §6.3), strict:
 * {@code {conflict_id, row_id, class, reason_code, reason, resolution}}. Unlike a plan conflict the resolution is
 * required, and a {@code reference_conflict} may not be resolved with {@code skip}.
 *
 * @param reasonCode a known {@link ReasonCode} wire value, recorded on the skipped row
 */
public record RuntimeConflict(String conflictId, String rowId, ConflictClass conflictClass, String reasonCode,
                              String reason, ConflictResolution resolution) {
    static final Schema SCHEMA = Schemas.object()
            .field("conflict_id", ExecuteFields.ID)
            .field("row_id", ExecuteFields.ID)
            .field("class", ExecuteFields.wireValues(ConflictClass.values()))
            .field("reason_code", ExecuteFields.REASON_CODE)
            .field("reason", ContractFields.nonEmptyString())
            .field("resolution", ExecuteFields.wireValues(ConflictResolution.values()))
            .refine(RuntimeConflict::checkResolution);

    /** {@code runtime_conflicts}: default {@code []}, conflict ids unique, at most one conflict per row. */
    static final Schema LIST = Schemas.array(SCHEMA)
            .refine(ExecuteFields.unique("runtime_conflicts", "conflict_id",
                    conflict -> conflict.path("conflict_id").asText(), "duplicate conflict_id"))
            .refine(ExecuteFields.unique("runtime_conflicts", "row_id",
                    conflict -> conflict.path("row_id").asText(), "more than one runtime conflict for row_id"))
            .withDefault(Schemas.emptyArray());

    public RuntimeConflict {
        Objects.requireNonNull(conflictId, "conflictId");
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(conflictClass, "conflictClass");
        ReasonCode.fromWire(Objects.requireNonNull(reasonCode, "reasonCode"));
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(resolution, "resolution");
        if (conflictClass == ConflictClass.REFERENCE_CONFLICT && resolution == ConflictResolution.SKIP) {
            throw new IllegalArgumentException(DryRunRequestSchema.REFERENCE_CONFLICT_SKIP_MESSAGE);
        }
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static RuntimeConflict parse(JsonNode body) {
        return fromParsed(ExecuteFields.validate(body, SCHEMA));
    }

    static RuntimeConflict fromParsed(JsonNode conflict) {
        return new RuntimeConflict(conflict.get("conflict_id").textValue(), conflict.get("row_id").textValue(),
                ConflictClass.fromWire(conflict.get("class").textValue()), conflict.get("reason_code").textValue(),
                conflict.get("reason").textValue(),
                ConflictResolution.fromWire(conflict.get("resolution").textValue()));
    }

    /** The conflict as the request carried it. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("conflict_id", conflictId);
        json.put("row_id", rowId);
        json.put("class", conflictClass.wire());
        json.put("reason_code", reasonCode);
        json.put("reason", reason);
        json.put("resolution", resolution.wire());
        return json;
    }

    /** Skipping a reference conflict would apply rows whose references dangle (service-spec §6.3). */
    private static void checkResolution(JsonNode conflict, RefinementContext context) {
        if (ConflictClass.REFERENCE_CONFLICT.wire().equals(conflict.path("class").asText())
                && ConflictResolution.SKIP.wire().equals(conflict.path("resolution").asText())) {
            context.addIssue(DryRunRequestSchema.REFERENCE_CONFLICT_SKIP_MESSAGE, "resolution");
        }
    }
}
