package io.rezilient.restore.contracts.audit;

import io.rezilient.restore.contracts.json.JsCollation;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replay order of cross-service audit events ({@code audit.replay.v1.occurred_at-service-event_id}):
 * {@code occurred_at}, then {@code service}, then {@code event_id}, each compared as the reference does
 * (JavaScript {@code localeCompare}). Canonical {@code occurred_at} values all have the same shape, so this is
 * chronological.
 */
public final class AuditReplayOrder {
    public static final Comparator<CrossServiceAuditEvent> COMPARATOR =
            Comparator.comparing(CrossServiceAuditEvent::occurredAt, JsCollation.LOCALE_COMPARE)
                    .thenComparing(e -> e.service().wire(), JsCollation.LOCALE_COMPARE)
                    .thenComparing(CrossServiceAuditEvent::eventId, JsCollation.LOCALE_COMPARE);

    private AuditReplayOrder() {
    }

    /** The events in replay order (a stable sort, so equal keys keep their order). */
    public static List<CrossServiceAuditEvent> sorted(List<CrossServiceAuditEvent> events) {
        return events.stream().sorted(COMPARATOR).toList();
    }

    /**
     * Checks that a replay payload is what the contract promises: unique by {@code service:event_id} and already
     * in replay order.
     *
     * @throws IllegalArgumentException naming the first duplicate or out-of-order event
     */
    public static void requireReplayable(List<CrossServiceAuditEvent> events) {
        Set<String> seen = new HashSet<>();
        CrossServiceAuditEvent previous = null;
        for (CrossServiceAuditEvent event : events) {
            String identity = event.service().wire() + ":" + event.eventId();
            if (!seen.add(identity)) {
                throw new IllegalArgumentException("audit replay has duplicate event " + identity);
            }
            if (previous != null && COMPARATOR.compare(previous, event) > 0) {
                throw new IllegalArgumentException("audit replay is not in replay order at event " + identity);
            }
            previous = event;
        }
    }
}
