package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.contracts.restore.RowOutcome;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.Objects;
import java.util.Optional;

/**
 * One row's outcome in a commit body (service-spec §3.5), strict: {@code {row_id, outcome: applied|skipped|failed,
 * reason_code, message?}} plus our {@code conflict_class?} (a conflict class the agent met on the target) and
 * {@code before_image?} ({@link BeforeImage}, only on {@code applied} rows: nothing else changed the target) and
 * {@code used_row_fallback?} (default false: the agent re-applied the row's chunk row by row after a conflict).
 *
 * @param reasonCode    a known {@link ReasonCode} wire value
 * @param conflictClass a {@link ConflictClass} wire value
 */
public record CommittedRow(String rowId, RowOutcome outcome, String reasonCode, Optional<String> message,
                           Optional<String> conflictClass, Optional<BeforeImage> beforeImage,
                           boolean usedRowFallback) {
    static final String BEFORE_IMAGE_NOT_APPLIED_MESSAGE = "before_image is only allowed on applied rows";

    static final Schema SCHEMA = Schemas.object()
            .field("row_id", ExecuteFields.ID)
            .field("outcome", ExecuteFields.wireValues(RowOutcome.values()))
            .field("reason_code", ExecuteFields.REASON_CODE)
            .field("message", Schemas.string().optional())
            .field("conflict_class", ExecuteFields.wireValues(ConflictClass.values()).optional())
            .field("before_image", BeforeImage.SCHEMA.optional())
            .field("used_row_fallback", Schemas.bool().optional())
            .refine(CommittedRow::checkBeforeImage);

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
                row.path("used_row_fallback").asBoolean(false));
    }

    private static void checkBeforeImage(JsonNode row, RefinementContext context) {
        if (row.has("before_image") && !RowOutcome.APPLIED.wire().equals(row.path("outcome").asText())) {
            context.addIssue(BEFORE_IMAGE_NOT_APPLIED_MESSAGE, "before_image");
        }
    }
}
