package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.RowIds;
import io.rezilient.restore.contracts.json.JsCollation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plan's delete candidates: the caller's (kept as sent, with their decisions) plus the records the index shows
 * were created after the PIT, which restoring to the PIT would remove (the reference never finds these itself).
 * A found record the caller already listed by {@code row_id} keeps the caller's entry and decision; a new one has
 * no decision, so the gate blocks until an operator decides ({@code blocked_unresolved_delete_candidates}).
 */
final class DeleteCandidates {
    /** Prefix of the candidate id of a record found by the planner: {@code delete.} + its row id. */
    static final String FOUND_PREFIX = "delete.";

    private final List<ObjectNode> requested = new ArrayList<>();
    private final Set<String> requestedRowIds = new HashSet<>();
    private final List<ObjectNode> found = new ArrayList<>();

    DeleteCandidates(JsonNode requestedCandidates) {
        for (JsonNode candidate : requestedCandidates) {
            requested.add((ObjectNode) candidate.deepCopy());
            requestedRowIds.add(candidate.path("row_id").asText());
        }
    }

    /** A record with events only after the PIT, which still exists at the source. */
    void foundCreatedAfterPit(String table, String recordSysId) {
        String rowId = RowIds.rowId(table, recordSysId);
        if (requestedRowIds.contains(rowId)) {
            return;
        }
        ObjectNode candidate = JsonNodeFactory.instance.objectNode();
        candidate.put("candidate_id", FOUND_PREFIX + rowId);
        candidate.put("row_id", rowId);
        candidate.put("table", table);
        candidate.put("record_sys_id", recordSysId);
        found.add(candidate);
    }

    int foundCount() {
        return found.size();
    }

    /** All candidates sorted by {@code candidate_id} (the reference's id order). */
    ArrayNode toJson() {
        List<ObjectNode> all = new ArrayList<>(requested);
        all.addAll(found);
        all.sort(Comparator.comparing(candidate -> candidate.path("candidate_id").asText(),
                JsCollation.LOCALE_COMPARE));
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        all.forEach(json::add);
        return json;
    }

    /** Candidates without a decision, which block the gate. */
    static int unresolved(JsonNode candidates) {
        return Decisions.undecided(candidates);
    }
}
