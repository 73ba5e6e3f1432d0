package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One row's outcome in a commit body (service-spec §3.5), strict: {@code {row_id, outcome: applied|skipped|failed,
 * reason_code, message?}} plus our {@code conflict_class?} (a conflict class the agent met on the target) and
 * {@code before_image?} ({@link BeforeImage}, only on {@code applied} rows: nothing else changed the target) and
 * {@code used_row_fallback?} (default false: the agent re-applied the row's chunk row by row after a conflict) and
 * {@code after_fingerprint?} (the record's fingerprint right after the write, only on {@code applied} rows: what an
 * undo compares the target against).
 *
 * @param reasonCode       a known {@link ReasonCode} wire value
 * @param conflictClass    a {@link ConflictClass} wire value
 * @param afterFingerprint lower-case hex SHA-256 of the target record as the write left it; none for a delete
 */
public record CommittedRow(String rowId, RowOutcome outcome, String reasonCode, Optional<String> message,
                           Optional<String> conflictClass, Optional<BeforeImage> beforeImage,
                           boolean usedRowFallback, Optional<String> afterFingerprint) {
    static final String BEFORE_IMAGE_NOT_APPLIED_MESSAGE = "before_image is only allowed on applied rows";
    static final String AFTER_FINGERPRINT_NOT_APPLIED_MESSAGE = "after_fingerprint is only allowed on applied rows";
    private static final Pattern LOWER_HEX64 = Pattern.compile("[0-9a-f]{64}");

    static final Schema SCHEMA = Schemas.object()
            .field("row_id", ExecuteFields.ID)
            .field("outcome", ExecuteFields.wireValues(RowOutcome.values()))
            .field("reason_code", ExecuteFields.REASON_CODE)
            .field("message", Schemas.string().optional())
            .field("conflict_class", ExecuteFields.wireValues(ConflictClass.values()).optional())
            .field("before_image", BeforeImage.SCHEMA.optional())
            .field("used_row_fallback", Schemas.bool().optional())
            .field("after_fingerprint", ContractFields.sha256Hex().optional())
            .refine(CommittedRow::checkAppliedOnly);

    public CommittedRow {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(outcome, "outcome");
        ReasonCode.fromWire(Objects.requireNonNull(reasonCode, "reasonCode"));
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(conflictClass, "conflictClass").ifPresent(ConflictClass::fromWire);
        Objects.requireNonNull(beforeImage, "beforeImage");
        if (beforeImage.isPresent() && outcome != RowOutcome.APPLIED) {
            throw new IllegalArgumentException(BEFORE_IMAGE_NOT_APPLIED_MESSAGE);
        }
        Objects.requireNonNull(afterFingerprint, "afterFingerprint");
        if (afterFingerprint.isPresent() && outcome != RowOutcome.APPLIED) {
            throw new IllegalArgumentException(AFTER_FINGERPRINT_NOT_APPLIED_MESSAGE);
        }
        if (afterFingerprint.isPresent() && !LOWER_HEX64.matcher(afterFingerprint.get()).matches()) {
            throw new IllegalArgumentException("afterFingerprint must be lower-case hex SHA-256");
        }
    }

    /** A row without an after-fingerprint (a client that sends none). */
    public CommittedRow(String rowId, RowOutcome outcome, String reasonCode, Optional<String> message,
                        Optional<String> conflictClass, Optional<BeforeImage> beforeImage, boolean usedRowFallback) {
        this(rowId, outcome, reasonCode, message, conflictClass, beforeImage, usedRowFallback, Optional.empty());
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static CommittedRow parse(JsonNode body) {
        return fromParsed(ExecuteFields.validate(body, SCHEMA));
    }

    static CommittedRow fromParsed(JsonNode row) {
        return new CommittedRow(row.get("row_id").textValue(), RowOutcome.fromWire(row.get("outcome").textValue()),
                row.get("reason_code").textValue(), ExecuteFields.optionalText(row, "message"),
                ExecuteFields.optionalText(row, "conflict_class"),
                Optional.ofNullable(row.get("before_image")).map(BeforeImage::fromParsed),
                row.path("used_row_fallback").asBoolean(false), ExecuteFields.optionalText(row, "after_fingerprint"));
    }

    private static void checkAppliedOnly(JsonNode row, RefinementContext context) {
        boolean applied = RowOutcome.APPLIED.wire().equals(row.path("outcome").asText());
        if (row.has("before_image") && !applied) {
            context.addIssue(BEFORE_IMAGE_NOT_APPLIED_MESSAGE, "before_image");
        }
        if (row.has("after_fingerprint") && !applied) {
            context.addIssue(AFTER_FINGERPRINT_NOT_APPLIED_MESSAGE, "after_fingerprint");
        }
    }
}
