package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.json.JsValues;
import io.rezilient.restore.contracts.pit.PitAlgorithm;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.ObjectSchema;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code RestorePlanHashInput} (service-spec §4.1, §4.9): everything a {@code plan_hash} covers, strict at every
 * level. Parsing also normalises what would otherwise make equal plans hash differently: SHA-256 hex is
 * lower-cased, offsets are canonicalised and a missing {@code media_candidates} becomes {@code []}.
 *
 * <p>Rows and media candidates must arrive sorted by id with {@code localeCompare} and without duplicates, so the
 * hash never depends on the caller's order; uniqueness is reported before sortedness. These checks sit on the
 * whole input, so an unknown key or type error anywhere suppresses them, as in the reference.
 */
public final class PlanHashInputSchema {
    public static final String ROWS_UNIQUE_MESSAGE = "rows must have unique row_id values";
    public static final String ROWS_SORTED_MESSAGE = "rows must be sorted by row_id for deterministic hash";
    public static final String MEDIA_UNIQUE_MESSAGE = "media_candidates must have unique candidate_id values";
    public static final String MEDIA_SORTED_MESSAGE =
            "media_candidates must be sorted by candidate_id for deterministic hash";
    public static final String ENCRYPTED_VALUES_REQUIRED_MESSAGE =
            "non-skip plan rows require encrypted value material";
    /** Suffix of the message for a plaintext value field, e.g. {@code diff_plain is not allowed in RRS payloads}. */
    public static final String PLAINTEXT_NOT_ALLOWED_SUFFIX = " is not allowed in RRS payloads";
    public static final String RECORD_MODE_FILTER_MESSAGE = "record mode requires encoded_query or record_sys_ids";
    public static final String COLUMN_MODE_COLUMNS_MESSAGE = "column mode requires at least one column";
    /** Our wording (not observed in the reference vectors) for column mode without a record filter. */
    public static final String COLUMN_MODE_FILTER_MESSAGE = "column mode requires encoded_query or record_sys_ids";
    /** The reference's wording (indexer-spec §12) for a media candidate without any media id. */
    public static final String MEDIA_ID_REQUIRED_MESSAGE = "media candidate requires attachment_sys_id or media_id";

    /** Row actions; {@code skip} rows need no encrypted values. */
    public static final String ACTION_SKIP = "skip";
    private static final List<String> ENCRYPTED_VALUE_FIELDS = List.of("diff_enc", "before_image_enc", "after_image_enc");
    private static final List<String> PLAINTEXT_VALUE_FIELDS =
            List.of("diff_plain", "before_image_plain", "after_image_plain");

    /** {@code pit}: every literal of the PIT algorithm must match exactly. */
    public static final Schema PIT = Schemas.object()
            .field("restore_time", ContractFields.isoDateTime())
            .field("restore_timezone", Schemas.literal(PitAlgorithm.RESTORE_TIMEZONE))
            .field("pit_algorithm_version", Schemas.literal(PlanContract.PIT_ALGORITHM_VERSION))
            .field("tie_breaker", Schemas.literalTuple(PitAlgorithm.TIE_BREAKER))
            .field("tie_breaker_fallback", Schemas.literalTuple(PitAlgorithm.TIE_BREAKER_FALLBACK));

    static final Schema SCOPE = Schemas.object()
            .field("mode", Schemas.oneOf("table", "record", "column"))
            .field("tables", Schemas.array(ContractFields.nonEmptyString()).min(1))
            .field("encoded_query", ContractFields.nonEmptyString().optional())
            .field("record_sys_ids", Schemas.array(ContractFields.nonEmptyString()).min(1).optional())
            .field("columns", Schemas.array(ContractFields.nonEmptyString()).min(1).optional())
            .refine(PlanHashInputSchema::checkScopeFilters);

    /** {@code execution_options}. */
    public static final Schema EXECUTION_OPTIONS = Schemas.object()
            .field("missing_row_mode", Schemas.oneOf("existing_only", "explicit_insert"))
            .field("conflict_policy", Schemas.literal("review_required"))
            .field("schema_compatibility_mode", Schemas.oneOf("compatible_only", "manual_override"))
            .field("workflow_mode", Schemas.oneOf("suppressed_default", "allowlist"));

    static final Schema ACTION_COUNTS = Schemas.object()
            .field("update", ContractFields.nonNegativeInt())
            .field("insert", ContractFields.nonNegativeInt())
            .field("delete", ContractFields.nonNegativeInt())
            .field("skip", ContractFields.nonNegativeInt())
            .field("conflict", ContractFields.nonNegativeInt())
            .field("attachment_apply", ContractFields.nonNegativeInt())
            .field("attachment_skip", ContractFields.nonNegativeInt());

    /** Encrypted values of a row; the plaintext siblings are declared only so they can be refused by name. */
    static final Schema ROW_VALUES = Schemas.object()
            .field("diff_enc", ContractFields.encryptedPayload().optional())
            .field("before_image_enc", ContractFields.encryptedPayload().optional())
            .field("after_image_enc", ContractFields.encryptedPayload().optional())
            .field("diff_plain", Schemas.unknown())
            .field("before_image_plain", Schemas.unknown())
            .field("after_image_plain", Schemas.unknown())
            .refine(PlanHashInputSchema::refusePlaintext);

    /** {@code RestorePlanHashRowInput}. */
    public static final Schema ROW = Schemas.object()
            .field("row_id", ContractFields.nonEmptyString())
            .field("table", ContractFields.nonEmptyString())
            .field("record_sys_id", ContractFields.nonEmptyString())
            .field("action", Schemas.oneOf("update", "insert", "delete", ACTION_SKIP))
            .field("precondition_hash", ContractFields.sha256Hex())
            .field("metadata", OperationalMetadataSchema.ENVELOPE)
            .field("values", ROW_VALUES.optional())
            .refine(PlanHashInputSchema::checkRow);

    /** {@code RestoreMediaCandidate}. */
    public static final Schema MEDIA_CANDIDATE = Schemas.object()
            .field("candidate_id", ContractFields.nonEmptyString())
            .field("table", ContractFields.nonEmptyString())
            .field("record_sys_id", ContractFields.nonEmptyString())
            .field("attachment_sys_id", ContractFields.nonEmptyString().optional())
            .field("media_id", ContractFields.nonEmptyString().optional())
            .field("content_type", ContractFields.nonEmptyString().optional())
            .field("size_bytes", ContractFields.nonNegativeInt())
            .field("sha256_plain", ContractFields.sha256Hex())
            .field("decision", Schemas.oneOf("include", "exclude").optional())
            .field("parent_record_exists", Schemas.bool().optional())
            .field("observed_sha256_plain", ContractFields.sha256Hex().optional())
            .field("retryable_failures", ContractFields.nonNegativeInt().optional())
            .field("max_retry_attempts", ContractFields.positiveInt().optional())
            .field("metadata", OperationalMetadataSchema.ENVELOPE.optional())
            .refine(PlanHashInputSchema::checkMediaCandidate);

    static final ObjectSchema FIELDS = Schemas.object()
            .field("contract_version", Schemas.literal(PlanContract.RESTORE_CONTRACT_VERSION))
            .field("plan_hash_input_version", Schemas.literal(PlanContract.PLAN_HASH_INPUT_VERSION))
            .field("plan_hash_algorithm", Schemas.literal(PlanContract.PLAN_HASH_ALGORITHM))
            .field("pit", PIT)
            .field("scope", SCOPE)
            .field("execution_options", EXECUTION_OPTIONS)
            .field("action_counts", ACTION_COUNTS)
            .field("rows", Schemas.array(ROW).min(1))
            .field("media_candidates", Schemas.array(MEDIA_CANDIDATE).withDefault(Schemas.emptyArray()))
            .field("metadata_allowlist_version", Schemas.literal(PlanContract.METADATA_ALLOWLIST_VERSION));

    /** {@code RestorePlanHashInput}. */
    public static final Schema SCHEMA = FIELDS.refine(PlanHashInputSchema::checkDeterministicOrder);

    private PlanHashInputSchema() {
    }

    private static void checkScopeFilters(JsonNode scope, RefinementContext context) {
        String mode = scope.path("mode").asText();
        boolean hasRecordFilter = JsValues.isTruthy(scope.get("encoded_query"))
                || JsValues.isTruthy(scope.get("record_sys_ids"));
        if ("record".equals(mode) && !hasRecordFilter) {
            context.addIssue(RECORD_MODE_FILTER_MESSAGE, "encoded_query");
        }
        if ("column".equals(mode)) {
            if (scope.path("columns").size() == 0) {
                context.addIssue(COLUMN_MODE_COLUMNS_MESSAGE, "columns");
            }
            if (!hasRecordFilter) {
                context.addIssue(COLUMN_MODE_FILTER_MESSAGE, "encoded_query");
            }
        }
    }

    private static void refusePlaintext(JsonNode values, RefinementContext context) {
        for (String field : PLAINTEXT_VALUE_FIELDS) {
            if (values.has(field)) {
                context.addIssue(field + PLAINTEXT_NOT_ALLOWED_SUFFIX, field);
            }
        }
    }

    private static void checkRow(JsonNode row, RefinementContext context) {
        if (!ACTION_SKIP.equals(row.path("action").asText())) {
            JsonNode values = row.path("values");
            if (ENCRYPTED_VALUE_FIELDS.stream().noneMatch(values::has)) {
                context.addIssue(ENCRYPTED_VALUES_REQUIRED_MESSAGE, "values");
            }
        }
        OperationalMetadataSchema.requireSameRecord(row, context);
    }

    private static void checkMediaCandidate(JsonNode candidate, RefinementContext context) {
        if (!candidate.has("attachment_sys_id") && !candidate.has("media_id")) {
            context.addIssue(MEDIA_ID_REQUIRED_MESSAGE, "attachment_sys_id");
        }
        if (candidate.has("metadata")) {
            OperationalMetadataSchema.requireSameRecord(candidate, context);
        }
    }

    private static void checkDeterministicOrder(JsonNode input, RefinementContext context) {
        checkIds(input.path("rows"), "row_id", "rows", ROWS_UNIQUE_MESSAGE, ROWS_SORTED_MESSAGE, context);
        checkIds(input.path("media_candidates"), "candidate_id", "media_candidates", MEDIA_UNIQUE_MESSAGE,
                MEDIA_SORTED_MESSAGE, context);
    }

    private static void checkIds(JsonNode items, String idField, String path, String uniqueMessage,
                                 String sortedMessage, RefinementContext context) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path(idField).asText()));
        if (new HashSet<>(ids).size() != ids.size()) {
            context.addIssue(uniqueMessage, path);
        }
        for (int i = 1; i < ids.size(); i++) {
            if (JsCollation.compare(ids.get(i - 1), ids.get(i)) > 0) {
                context.addIssue(sortedMessage, path);
                return;
            }
        }
    }
}
