package io.rezilient.restore.indexer.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code GET /healthz} answers: 200 when {@code healthy}, 503 otherwise, with this as the JSON body.
 *
 * @param leaseState  {@code held}, {@code standby}, {@code lost}, or {@code none} without a lease keeper
 * @param ingestScope null in scaffold mode
 * @param detail      why it is (un)healthy, for the operator
 */
public record Health(boolean healthy, String leaseState, String ingestScope, String detail) {
    public static Health unavailable(String leaseState, String ingestScope, String detail) {
        return new Health(false, leaseState, ingestScope, detail);
    }

    public int httpStatus() {
        return healthy ? 200 : 503;
    }

    /** The body's fields in a stable order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", healthy ? "ok" : "unavailable");
        fields.put("lease_state", leaseState);
        fields.put("ingest_scope", ingestScope);
        fields.put("detail", detail);
        return fields;
    }
}
