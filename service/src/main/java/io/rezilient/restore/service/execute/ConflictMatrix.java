package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Optional;

/**
 * The execute-time conflict matrix (service-spec §6.3), for plan and runtime conflicts alike: a reference conflict
 * always blocks, an unresolved conflict blocks, {@code abort_and_replan} blocks with its class's reason, and only
 * {@code skip} lets the row through (as a skipped row). The dry-run gate blocks on unresolved reference conflicts
 * only, so a plan can be executable and still be refused here.
 */
final class ConflictMatrix {
    private ConflictMatrix() {
    }

    /** Why a conflict blocks execution. */
    record Block(String reasonCode, String message) {
    }

    /**
     * @param conflictClass the conflict's {@code class}
     * @param resolution    {@code skip}, {@code abort_and_replan}, or empty when unresolved
     */
    static Optional<Block> judge(String conflictId, String conflictClass, Optional<String> resolution) {
        if (ConflictClass.REFERENCE_CONFLICT.wire().equals(conflictClass)) {
            return Optional.of(new Block(ReasonCode.BLOCKED_REFERENCE_CONFLICT.wire(), "conflict " + conflictId
                    + " is a reference conflict: a hard block; resolve the dependency and replan"));
        }
        if (resolution.isEmpty()) {
            return Optional.of(new Block(ReasonCode.FAILED_INTERNAL_ERROR.wire(), "conflict " + conflictId
                    + " (" + conflictClass + ") is unresolved"));
        }
        if ("skip".equals(resolution.get())) {
            return Optional.empty();
        }
        String reason = ConflictClass.SCHEMA_CONFLICT.wire().equals(conflictClass)
                ? ReasonCode.FAILED_SCHEMA_CONFLICT.wire()
                : ConflictClass.PERMISSION_CONFLICT.wire().equals(conflictClass)
                ? ReasonCode.FAILED_PERMISSION_CONFLICT.wire() : ReasonCode.FAILED_INTERNAL_ERROR.wire();
        return Optional.of(new Block(reason, "conflict " + conflictId + " (" + conflictClass
                + ") resolves to abort_and_replan: replan with the updated schema or security context"));
    }

    /** The first blocking conflict of a plan's {@code conflicts} array, in the plan's order. */
    static Optional<Block> firstBlocking(JsonNode conflicts) {
        for (JsonNode conflict : conflicts) {
            JsonNode resolution = conflict.get("resolution");
            Optional<Block> block = judge(conflict.path("conflict_id").asText(), conflict.path("class").asText(),
                    resolution == null || resolution.isNull() ? Optional.empty() : Optional.of(resolution.asText()));
            if (block.isPresent()) {
                return block;
            }
        }
        return Optional.empty();
    }
}
