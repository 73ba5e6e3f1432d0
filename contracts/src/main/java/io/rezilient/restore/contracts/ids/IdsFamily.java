package io.rezilient.restore.contracts.ids;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;

/** Conformance family {@code ids}: every deterministic id derivation, one op per derivation. */
public final class IdsFamily implements ConformanceFamily {
    @Override
    public String name() {
        return "ids";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        String op = vectorCase.path("op").asText();
        JsonNode in = vectorCase.path("input");
        String actual;
        try {
            actual = derive(op, in);
        } catch (IllegalArgumentException rejected) {
            return CaseResult.failed("unexpected error: " + rejected.getMessage());
        }
        if (actual == null) {
            return CaseResult.failed("unknown op " + op);
        }
        return CaseResult.expectEqual(op, vectorCase.path("expected").asText(), actual);
    }

    private static String derive(String op, JsonNode in) {
        return switch (op) {
            case "checkpoint_id" -> ExecutionIds.checkpointId(text(in, "job_id"), text(in, "plan_hash"),
                    number(in, "next_chunk_index"), number(in, "next_row_index"));
            case "claim_id" -> ExecutionIds.claimId(text(in, "job_id"), text(in, "plan_hash"),
                    number(in, "next_chunk_index"), number(in, "next_row_index"), text(in, "claimed_at"));
            case "journal_id" -> ExecutionIds.journalId(text(in, "job_id"), text(in, "plan_hash"),
                    text(in, "row_id"), number(in, "row_attempt"));
            case "mirror_id" -> ExecutionIds.mirrorId(text(in, "journal_id"));
            case "evidence_id" -> EvidenceIds.evidenceId(text(in, "job_id"), text(in, "plan_hash"),
                    in.path("completed_at").isNull() ? null : text(in, "completed_at"));
            case "chunk_id" -> ChunkIds.chunkId(Math.toIntExact(number(in, "index")));
            case "media_chunk_id" -> ChunkIds.mediaChunkId(Math.toIntExact(number(in, "index")));
            case "row_id" -> RowIds.rowId(text(in, "table"), text(in, "record_sys_id"));
            case "precondition_hash" -> new PreconditionHash(
                    PlanRowAction.fromWire(text(in, "action")), text(in, "artifact_key"), text(in, "manifest_key"),
                    SourceOperation.fromWire(text(in, "operation")), text(in, "record_sys_id"), text(in, "row_id"),
                    text(in, "table"), in.path("values"), PitTuple.fromJson(in.path("winner_tuple"))).compute();
            default -> null;
        };
    }

    private static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return value.longValue();
    }
}
