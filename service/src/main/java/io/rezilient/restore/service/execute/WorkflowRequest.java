package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;
import io.rezilient.restore.service.http.ApiError;

import java.util.List;
import java.util.Objects;

/**
 * The execute body's {@code workflow} (service-spec §6.1), strict: {@code {mode: suppressed_default|allowlist,
 * allowlist: string[] (default [])}}. {@code suppressed_default} runs no workflows, so its allowlist must be empty;
 * {@code allowlist} mode must name at least one. Each entry is an identifier (not blank, no control characters).
 *
 * @param allowlist as sent (the service sorts it when it records it)
 */
public record WorkflowRequest(String mode, List<String> allowlist) {
    public static final String SUPPRESSED_DEFAULT = "suppressed_default";
    public static final String ALLOWLIST = "allowlist";
    static final String SUPPRESSED_NEEDS_EMPTY_MESSAGE = "suppressed_default workflow mode requires an empty allowlist";
    static final String ALLOWLIST_NEEDS_ENTRIES_MESSAGE =
            "allowlist workflow mode requires at least one allowlist entry";

    static final Schema SCHEMA = Schemas.object()
            .field("mode", Schemas.oneOf(SUPPRESSED_DEFAULT, ALLOWLIST))
            .field("allowlist", Schemas.array(ExecuteFields.ID).withDefault(Schemas.emptyArray()))
            .refine(WorkflowRequest::checkAllowlist);

    public WorkflowRequest {
        Objects.requireNonNull(mode, "mode");
        allowlist = List.copyOf(allowlist);
        if (!mode.equals(SUPPRESSED_DEFAULT) && !mode.equals(ALLOWLIST)) {
            throw new IllegalArgumentException("unknown workflow mode: " + mode);
        }
        if (mode.equals(SUPPRESSED_DEFAULT) != allowlist.isEmpty()) {
            throw new IllegalArgumentException(allowlist.isEmpty() ? ALLOWLIST_NEEDS_ENTRIES_MESSAGE
                    : SUPPRESSED_NEEDS_EMPTY_MESSAGE);
        }
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static WorkflowRequest parse(JsonNode body) {
        return fromParsed(ExecuteFields.validate(body, SCHEMA));
    }

    static WorkflowRequest fromParsed(JsonNode workflow) {
        return new WorkflowRequest(workflow.get("mode").textValue(), ExecuteFields.texts(workflow.get("allowlist")));
    }

    private static void checkAllowlist(JsonNode workflow, RefinementContext context) {
        boolean empty = workflow.path("allowlist").isEmpty();
        String mode = workflow.path("mode").asText();
        if (SUPPRESSED_DEFAULT.equals(mode) && !empty) {
            context.addIssue(SUPPRESSED_NEEDS_EMPTY_MESSAGE, "allowlist");
        } else if (ALLOWLIST.equals(mode) && empty) {
            context.addIssue(ALLOWLIST_NEEDS_ENTRIES_MESSAGE, "allowlist");
        }
    }
}
