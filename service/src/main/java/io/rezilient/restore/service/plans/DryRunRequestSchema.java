package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.JsValues;
import io.rezilient.restore.contracts.plan.OperationalMetadataSchema;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.plan.PlanHashInputSchema;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ConflictResolution;
import io.rezilient.restore.contracts.restore.DeleteDecision;
import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.WireEnum;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.plans.query.EncodedQuery;
import io.rezilient.restore.service.plans.query.EncodedQueryException;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RestoreDryRunRequest} (service-spec §4.1), strict at every level. The {@code pit}, {@code scope} and
 * {@code execution_options} rules are those of {@link PlanHashInputSchema} (same literals, same messages), because
 * what is parsed here goes into {@code plan_hash_input} unchanged and must validate there too.
 *
 * <p>Beyond the reference, and always towards refusing: every id and name is an {@link InputText#identifier()} — not
 * blank (it would be trimmed to nothing), no control characters, at most 256 bytes — an {@code encoded_query} must
 * parse as an {@link EncodedQuery} (we evaluate it; the
 * reference ignored it), and duplicate media {@code candidate_id}s are refused here because
 * {@code plan_hash_input} would reject them later as an internal error.
 */
public final class DryRunRequestSchema {
    public static final String REFERENCE_CONFLICT_SKIP_MESSAGE = "reference_conflict cannot be resolved with skip";
    public static final String BLANK_MESSAGE = InputText.BLANK;
    public static final String MEDIA_DUPLICATE_MESSAGE = "media_candidates must have unique candidate_id values";

    /** Every name and id of the request, one rule ({@link InputText#identifier()}): what it names can be stored. */
    private static final Schema ID = InputText.identifier();

    public static final Schema PIT = PlanHashInputSchema.PIT;

    public static final Schema SCOPE = Schemas.object()
            .field("mode", Schemas.oneOf("table", "record", "column"))
            .field("tables", Schemas.array(ID).min(1))
            .field("encoded_query", ContractFields.nonEmptyString()
                    .refine(DryRunRequestSchema::checkEncodedQuery).optional())
            .field("record_sys_ids", Schemas.array(ID).min(1).optional())
            .field("columns", Schemas.array(ID).min(1).optional())
            .refine(DryRunRequestSchema::checkScopeFilters);

    public static final Schema EXECUTION_OPTIONS = PlanHashInputSchema.EXECUTION_OPTIONS;

    /** {@code RestoreConflict}; metadata is the allow-listed envelope, so no record values can ride along. */
    public static final Schema CONFLICT = Schemas.object()
            .field("conflict_id", ID)
            .field("class", wireValues(ConflictClass.values()))
            .field("table", ID)
            .field("record_sys_id", ID)
            .field("column", ID.optional())
            .field("reason_code", wireValues(ReasonCode.values()))
            .field("reason", ContractFields.nonEmptyString())
            .field("resolution", wireValues(ConflictResolution.values()).optional())
            .field("observed_at", ContractFields.isoDateTime())
            .field("metadata", OperationalMetadataSchema.ENVELOPE.optional())
            .refine(DryRunRequestSchema::checkConflictResolution);

    public static final Schema DELETE_CANDIDATE = Schemas.object()
            .field("candidate_id", ID)
            .field("row_id", ID)
            .field("table", ID)
            .field("record_sys_id", ID)
            .field("decision", wireValues(DeleteDecision.values()).optional());

    /**
     * Approval metadata as callers send it. It is accepted for compatibility and then replaced by the placeholder
     * (service-spec §5.1), so only its shape is checked: the state and decision are caller claims, not facts.
     */
    public static final Schema APPROVAL = Schemas.object()
            .field("approval_required", Schemas.bool())
            .field("approval_state", ContractFields.nonEmptyString())
            .field("approval_requested_at", ContractFields.isoDateTime().optional())
            .field("approval_requested_by", ID.optional())
            .field("approval_decided_at", ContractFields.isoDateTime().optional())
            .field("approval_decided_by", ID.optional())
            .field("approval_decision", ContractFields.nonEmptyString().optional())
            .field("approval_decision_reason", ContractFields.nonEmptyString().optional())
            .field("approval_external_ref", ContractFields.nonEmptyString().optional())
            .field("approval_snapshot_hash", ContractFields.sha256Hex().optional())
            .field("approval_valid_until", ContractFields.isoDateTime().optional())
            .field("approval_revalidated_at", ContractFields.isoDateTime().optional())
            .field("approval_revalidation_result", ContractFields.nonEmptyString().optional())
            .field("approval_placeholder_mode", ContractFields.nonEmptyString().optional());

    /** {@code RestoreWatermark} as the API returns it; a caller may echo one back as a partition hint. */
    public static final Schema WATERMARK = Schemas.object()
            .field("contract_version", Schemas.literal(PlanContract.RESTORE_CONTRACT_VERSION))
            .field("tenant_id", ID)
            .field("instance_id", ID)
            .field("source", ID)
            .field("topic", ID)
            .field("partition", ContractFields.nonNegativeInt())
            .field("generation_id", ID)
            .field("indexed_through_offset", ContractFields.offset())
            .field("indexed_through_time", ContractFields.isoDateTime())
            .field("coverage_start", ContractFields.isoDateTime())
            .field("coverage_end", ContractFields.isoDateTime())
            .field("freshness", wireValues(Freshness.values()))
            .field("executability", wireValues(Executability.values()))
            .field("reason_code", wireValues(ReasonCode.values()))
            .field("measured_at", ContractFields.isoDateTime());

    public static final Schema WATERMARK_HINT = Schemas.object()
            .field("topic", ID)
            .field("partition", ContractFields.nonNegativeInt().optional());

    /** A full watermark or a bare hint (zod's union: the first that parses wins). */
    static final Schema WATERMARK_OR_HINT = Schemas.unknown().refine(DryRunRequestSchema::checkWatermarkOrHint);

    static final Schema PIT_VERSION = Schemas.object()
            .field("event_id", ID)
            .field("sys_updated_on", ContractFields.serviceNowDateTime())
            .field("sys_mod_count", ContractFields.nonNegativeInt().optional())
            .field("__time", ContractFields.isoDateTime());

    static final Schema PIT_CANDIDATE = Schemas.object()
            .field("row_id", ID)
            .field("table", ID)
            .field("record_sys_id", ID)
            .field("versions", Schemas.array(PIT_VERSION).min(1));

    /** Legacy rows/PIT candidates are validated so garbage is refused, then discarded; only hints survive. */
    public static final Schema COMPATIBILITY_ADAPTER = Schemas.object()
            .field("rows", Schemas.array(PlanHashInputSchema.ROW).min(1))
            .field("watermarks", Schemas.array(WATERMARK_OR_HINT).min(1))
            .field("pit_candidates", Schemas.array(PIT_CANDIDATE).optional());

    public static final Schema SCHEMA = Schemas.object()
            .field("tenant_id", ID)
            .field("instance_id", ID)
            .field("source", ID)
            .field("plan_id", ID)
            .field("requested_by", ID)
            .field("pit", PIT)
            .field("scope", SCOPE)
            .field("execution_options", EXECUTION_OPTIONS)
            .field("conflicts", Schemas.array(CONFLICT).withDefault(Schemas.emptyArray()))
            .field("delete_candidates", Schemas.array(DELETE_CANDIDATE).withDefault(Schemas.emptyArray()))
            .field("media_candidates", Schemas.array(PlanHashInputSchema.MEDIA_CANDIDATE)
                    .refine(DryRunRequestSchema::checkUniqueMediaIds).withDefault(Schemas.emptyArray()))
            .field("approval", APPROVAL.optional())
            .field("compatibility_adapter", COMPATIBILITY_ADAPTER.optional());

    private DryRunRequestSchema() {
    }

    private static Schema wireValues(WireEnum[] constants) {
        return Schemas.oneOf(Arrays.stream(constants).map(WireEnum::wire).toList());
    }

    private static void checkEncodedQuery(JsonNode query, RefinementContext context) {
        try {
            EncodedQuery.parse(query.textValue());
        } catch (EncodedQueryException e) {
            context.addIssue(e.getMessage());
        }
    }

    /** The record filters each mode needs, with the contracts' messages. */
    private static void checkScopeFilters(JsonNode scope, RefinementContext context) {
        String mode = scope.path("mode").asText();
        boolean hasRecordFilter = JsValues.isTruthy(scope.get("encoded_query"))
                || JsValues.isTruthy(scope.get("record_sys_ids"));
        if ("record".equals(mode) && !hasRecordFilter) {
            context.addIssue(PlanHashInputSchema.RECORD_MODE_FILTER_MESSAGE, "encoded_query");
        }
        if ("column".equals(mode)) {
            if (scope.path("columns").size() == 0) {
                context.addIssue(PlanHashInputSchema.COLUMN_MODE_COLUMNS_MESSAGE, "columns");
            }
            if (!hasRecordFilter) {
                context.addIssue(PlanHashInputSchema.COLUMN_MODE_FILTER_MESSAGE, "encoded_query");
            }
        }
    }

    /** Skipping a reference conflict would apply rows whose references dangle (service-spec §4.1, §6.3). */
    private static void checkConflictResolution(JsonNode conflict, RefinementContext context) {
        if (ConflictClass.REFERENCE_CONFLICT.wire().equals(conflict.path("class").asText())
                && ConflictResolution.SKIP.wire().equals(conflict.path("resolution").asText())) {
            context.addIssue(REFERENCE_CONFLICT_SKIP_MESSAGE, "resolution");
        }
    }

    private static void checkUniqueMediaIds(JsonNode candidates, RefinementContext context) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            String id = candidates.get(i).path("candidate_id").asText();
            Integer earlier = firstIndex.putIfAbsent(id, i);
            if (earlier != null) {
                context.addIssue(MEDIA_DUPLICATE_MESSAGE + " (candidate_id '" + id + "' repeats index " + earlier
                        + ")", i, "candidate_id");
                return;
            }
        }
    }

    /**
     * An object with keys beyond {@code topic}/{@code partition} is meant as a full watermark and reported against
     * that shape; anything else against the hint shape, whose messages are the ones a caller can act on.
     */
    private static void checkWatermarkOrHint(JsonNode value, RefinementContext context) {
        ParseResult hint = WATERMARK_HINT.parse(value);
        if (hint.isValid()) {
            return;
        }
        ParseResult watermark = WATERMARK.parse(value);
        if (watermark.isValid()) {
            return;
        }
        boolean looksLikeWatermark = value != null && value.isObject() && value.size() > 2;
        Issue issue = (looksLikeWatermark ? watermark : hint).firstIssue().orElseThrow();
        context.addIssue(issue.message(), issue.path().toArray());
    }
}
