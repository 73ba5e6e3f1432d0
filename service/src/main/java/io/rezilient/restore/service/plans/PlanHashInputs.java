package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.plan.PlanHashInputSchema;
import io.rezilient.restore.contracts.plan.StreamingPlanHash;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.service.http.ApiError;

import java.util.function.Consumer;

/**
 * Builds {@code plan_hash_input} (service-spec §4.9) and its hash. The fixed part (the "head") is validated by the
 * contract schema with an empty row list — which also puts it in parsed, canonical form — and the rows are fed
 * to a {@link StreamingPlanHash} in {@code row_id} order from the store, each in its parsed form.
 */
final class PlanHashInputs {
    private PlanHashInputs() {
    }

    /**
     * The parsed head.
     *
     * @throws ApiError 400 when the request's parts break the contract (e.g. duplicate media candidate ids)
     */
    static ObjectNode head(ObjectNode pit, ObjectNode scope, ObjectNode executionOptions, ObjectNode actionCounts,
                           ArrayNode mediaCandidates) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        input.put("plan_hash_input_version", PlanContract.PLAN_HASH_INPUT_VERSION);
        input.put("plan_hash_algorithm", PlanContract.PLAN_HASH_ALGORITHM);
        input.set("pit", pit);
        input.set("scope", scope);
        input.set("execution_options", executionOptions);
        input.set("action_counts", actionCounts);
        // the contract wants at least one row; the head is checked with a stand-in row that satisfies the row
        // contract on its own, so only the request's parts can fail here (rows are checked one by one later)
        input.putArray("rows").add(standInRow());
        input.set("media_candidates", mediaCandidates);
        input.put("metadata_allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        ParseResult parsed = PlanHashInputSchema.SCHEMA.parse(input);
        if (!parsed.isValid()) {
            throw ApiError.invalidRequest(parsed.firstIssue().orElseThrow().describe());
        }
        ObjectNode head = ((ObjectNode) parsed.valueOrThrow()).deepCopy();
        head.remove("rows");
        return head;
    }

    /** A minimal valid {@code skip} row, only there to let the head pass the contract's non-empty row list. */
    private static ObjectNode standInRow() {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("row_id", "row.stand-in");
        row.put("table", "stand-in");
        row.put("record_sys_id", "stand-in");
        row.put("action", PlanHashInputSchema.ACTION_SKIP);
        row.put("precondition_hash", "0".repeat(64));
        ObjectNode metadata = row.putObject("metadata");
        metadata.put("allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        metadata.putObject("metadata").put("table", "stand-in").put("record_sys_id", "stand-in");
        return row;
    }

    /** The head with other action counts (finalising changes only those). */
    static ObjectNode withActionCounts(ObjectNode head, ObjectNode actionCounts) {
        ObjectNode copy = head.deepCopy();
        copy.set("action_counts", actionCounts);
        return copy;
    }

    /**
     * Hashes {@code head} plus the rows {@code rows} streams (in row_id order).
     *
     * @throws IllegalStateException when a stored row no longer satisfies the row contract (a bug, not input)
     */
    static String hash(ObjectNode head, Consumer<Consumer<DraftRow>> rows) {
        StreamingPlanHash hash = new StreamingPlanHash(head);
        rows.accept(draft -> hash.addRow(parsedRow(draft.row())));
        return hash.finish();
    }

    private static JsonNode parsedRow(PlanRow row) {
        ParseResult parsed = PlanHashInputSchema.ROW.parse(row.toJson());
        if (!parsed.isValid()) {
            throw new IllegalStateException("plan row " + row.rowId() + " breaks the row contract: "
                    + parsed.firstIssue().orElseThrow().describe());
        }
        return parsed.valueOrThrow();
    }
}
