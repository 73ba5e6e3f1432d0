package io.rezilient.restore.indexer.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /readyz} answers: whether the index this process maintains can serve restores as a whole now — 200
 * when {@code ready}, 503 otherwise — with the reason codes that say why not (recovery-backfill §3b):
 * {@code index_warmup} while a bootstrap or history extension is rebuilding part of the index,
 * {@code gap_open} while a partition waits at a hole. Liveness of the process itself is {@code /healthz}'s.
 *
 * @param reasonCodes empty exactly when ready
 * @param details     one line per finding, for the operator
 */
public record Readiness(List<String> reasonCodes, List<String> details) {
    public Readiness {
        reasonCodes = List.copyOf(reasonCodes);
        details = List.copyOf(details);
    }

    /** Nothing keeps the index from serving. */
    public static final Readiness READY = new Readiness(List.of(), List.of());

    public boolean ready() {
        return reasonCodes.isEmpty();
    }

    public int httpStatus() {
        return ready() ? 200 : 503;
    }

    /** The body's fields in a stable order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", ready() ? "ready" : "not_ready");
        fields.put("reason_codes", reasonCodes);
        fields.put("details", details);
        return fields;
    }
}
