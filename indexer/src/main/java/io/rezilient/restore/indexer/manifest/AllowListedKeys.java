package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.plan.OperationalMetadataSchema;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.IssueCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which keys of an artifact object the metadata allow-list declares. The contract schema is the one definition
 * of the allow-list, and it does not publish its key names; its strict-object check does list every undeclared
 * key, so the declared ones are the rest. Values are not judged here (that is normalisation's job).
 */
final class AllowListedKeys {
    private AllowListedKeys() {
    }

    /** The keys of {@code object} that the allow-list declares, in the object's order. */
    static List<String> of(JsonNode object) {
        Set<String> undeclared = new HashSet<>();
        for (Issue issue : OperationalMetadataSchema.METADATA.parse(object).issues()) {
            if (IssueCode.UNRECOGNIZED_KEYS.equals(issue.code()) && issue.path().isEmpty()) {
                undeclared.addAll(issue.keys());
            }
        }
        List<String> declared = new ArrayList<>();
        object.fieldNames().forEachRemaining(key -> {
            if (!undeclared.contains(key)) {
                declared.add(key);
            }
        });
        return declared;
    }
}
