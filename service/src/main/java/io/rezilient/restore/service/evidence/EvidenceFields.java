package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.JsCollation;

import java.util.ArrayList;
import java.util.List;

/**
 * Which fields of an evidence record the report hash and the manifest cover (service-spec §7). Verification
 * rebuilds both from the record, so these lists are the whole definition of what tampering is detected.
 */
final class EvidenceFields {
    static final List<String> REPORT = List.of("contract_version", "evidence_id", "job_id", "plan_hash",
            "pit_algorithm_version", "backup_timestamp", "approved_scope", "schema_drift_summary", "conflict_summary",
            "delete_decision_summary", "execution_outcomes", "resume_metadata", "artifact_hashes",
            "canonicalization_version", "immutable_storage", "approval");
    static final List<String> MANIFEST = List.of("contract_version", "evidence_id", "job_id", "plan_hash",
            "report_hash", "artifact_hashes", "canonicalization_version", "immutable_storage");

    private EvidenceFields() {
    }

    /** The report hash input: the {@link #REPORT} fields of {@code evidence}; absent ones stay absent. */
    static ObjectNode reportInput(JsonNode evidence) {
        return pick(evidence, REPORT);
    }

    /** The manifest payload: the {@link #MANIFEST} fields of {@code evidence}. */
    static ObjectNode manifest(JsonNode evidence) {
        return pick(evidence, MANIFEST);
    }

    /** Hash entries ordered by artifact id, the order verification compares them in. */
    static ArrayNode sorted(List<ArtifactHash> hashes) {
        List<ArtifactHash> ordered = new ArrayList<>(hashes);
        ordered.sort((left, right) -> JsCollation.compare(left.artifactId(), right.artifactId()));
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        ordered.forEach(hash -> json.add(hash.toJson()));
        return json;
    }

    private static ObjectNode pick(JsonNode evidence, List<String> fields) {
        ObjectNode picked = JsonNodeFactory.instance.objectNode();
        for (String field : fields) {
            JsonNode value = evidence.get(field);
            if (value != null) {
                picked.set(field, value.deepCopy());
            }
        }
        return picked;
    }
}
