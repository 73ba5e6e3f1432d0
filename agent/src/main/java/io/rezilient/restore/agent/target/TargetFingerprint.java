package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;

/**
 * A target record's fingerprint: lower-case hex SHA-256 of the canonical JSON of its columns (every column, by
 * name, its value as the database's text form, or null). Reconciliation records it; the writer recomputes it under
 * the row lock, and a difference means someone changed the record in between.
 */
public final class TargetFingerprint {
    private TargetFingerprint() {
    }

    public static String of(ObjectNode columns) {
        return CanonicalJson.sha256Of(columns);
    }
}
