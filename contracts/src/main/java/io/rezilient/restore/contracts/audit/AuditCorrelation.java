package io.rezilient.restore.contracts.audit;

/** Optional links from an audit event to the request, trace and event that caused it. */
public record AuditCorrelation(String requestId, String traceId, String parentEventId) {
    public AuditCorrelation {
        for (String[] field : new String[][]{{"correlation.request_id", requestId},
                {"correlation.trace_id", traceId}, {"correlation.parent_event_id", parentEventId}}) {
            if (field[1] != null) {
                AuditEventRules.requireText(field[0], field[1]);
            }
        }
    }
}
