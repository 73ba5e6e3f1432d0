package io.rezilient.restore.service.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.audit.AuditActor;
import io.rezilient.restore.contracts.audit.AuditReplayOrder;
import io.rezilient.restore.contracts.audit.AuditService;
import io.rezilient.restore.contracts.audit.CrossServiceAuditEvent;
import io.rezilient.restore.contracts.audit.LegacyJobEventType;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes and reads a job's two audit streams (service-spec §5.4, §9): every appended event is one
 * {@code job_events} row and one {@code audit_events} row with the same id, written on the caller's transaction,
 * so an event exists exactly when the transition it records was committed.
 *
 * <p>Stamps: an event's time is now, truncated to the millisecond of the wire format, but always at least 1 ms after
 * the job's previous event. Events of one transition (e.g. {@code job_created} then {@code job_started}) would
 * otherwise share a millisecond, and the replay order (time, service, random event id) could show them reversed.
 */
public final class JobEventLog {
    private final Clock clock;

    public JobEventLog(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An event to append: what happened to which job, why, with which details, caused by whom. */
    public record Pending(Job job, LegacyJobEventType type, String reasonCode, ObjectNode details, AuditActor actor) {
        public Pending {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(reasonCode, "reasonCode");
            details = Objects.requireNonNull(details, "details").deepCopy();
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** Appends the events in order; returns their ids. */
    public List<String> append(Connection connection, List<Pending> events) throws SQLException {
        return events.isEmpty() ? List.of() : append(connection, events, latestStamps(connection, events));
    }

    /**
     * Appends the first events of jobs created in this transaction: they have no earlier events, so the lookup of
     * the previous stamp is skipped (one statement less under the scope lock).
     */
    public List<String> appendForNewJobs(Connection connection, List<Pending> events) throws SQLException {
        return append(connection, events, new HashMap<>());
    }

    private List<String> append(Connection connection, List<Pending> events, Map<String, Instant> last)
            throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>(events.size());
        try (PreparedStatement legacy = connection.prepareStatement("""
                INSERT INTO rez_restore.job_events (event_id, job_id, event_type, reason_code, created_at, details,
                                                    actor_type, actor_id)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)""");
             PreparedStatement audit = connection.prepareStatement("""
                INSERT INTO rez_restore.audit_events (service, event_id, occurred_at, occurred_at_text, lifecycle,
                    action, outcome, tenant_id, instance_id, source, plan_id, plan_hash, job_id, reason_code, actor,
                    metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            for (Pending event : events) {
                Instant previous = last.get(event.job().jobId());
                Instant stamp = previous == null || now.isAfter(previous) ? now : previous.plusMillis(1);
                last.put(event.job().jobId(), stamp);
                String eventId = "evt_" + UUID.randomUUID();
                ids.add(eventId);
                bindLegacy(legacy, eventId, stamp, event);
                legacy.addBatch();
                bindAudit(audit, crossService(eventId, stamp, event));
                audit.addBatch();
            }
            legacy.executeBatch();
            audit.executeBatch();
        }
        return ids;
    }

    /** The job's legacy events in insertion order, in their wire form (§5.4). */
    public List<ObjectNode> events(Connection connection, String jobId) throws SQLException {
        List<ObjectNode> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT event_id, event_type, reason_code, created_at, details::text AS details
                FROM rez_restore.job_events WHERE job_id = ? ORDER BY seq""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode event = JsonNodeFactory.instance.objectNode();
                    event.put("event_id", rows.getString("event_id"));
                    event.put("event_type", rows.getString("event_type"));
                    event.put("job_id", jobId);
                    event.put("reason_code", rows.getString("reason_code"));
                    event.put("created_at", IsoUtc.format(rows.getTimestamp("created_at").toInstant()));
                    event.set("details", Json.parse(rows.getString("details")));
                    events.add(event);
                }
            }
        }
        return events;
    }

    /** The job's cross-service audit events in replay order (§9). */
    public List<CrossServiceAuditEvent> auditEvents(Connection connection, String jobId) throws SQLException {
        List<CrossServiceAuditEvent> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT service, event_id, occurred_at_text, lifecycle, action, outcome, tenant_id, instance_id,
                       source, plan_id, plan_hash, job_id, reason_code, actor::text AS actor,
                       metadata::text AS metadata
                FROM rez_restore.audit_events WHERE job_id = ?""")) {
            statement.setString(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ObjectNode json = JsonNodeFactory.instance.objectNode();
                    json.put("contract_version", io.rezilient.restore.contracts.restore.ContractVersions
                            .AUDIT_CONTRACT_VERSION);
                    json.put("schema_version", io.rezilient.restore.contracts.restore.ContractVersions
                            .AUDIT_EVENT_SCHEMA_VERSION);
                    json.put("service", rows.getString("service"));
                    json.put("event_id", rows.getString("event_id"));
                    json.put("occurred_at", rows.getString("occurred_at_text"));
                    json.put("lifecycle", rows.getString("lifecycle"));
                    json.put("action", rows.getString("action"));
                    json.put("outcome", rows.getString("outcome"));
                    for (String optional : List.of("tenant_id", "instance_id", "source", "plan_id", "plan_hash",
                            "job_id", "reason_code")) {
                        String value = rows.getString(optional);
                        if (value != null) {
                            json.put(optional, value);
                        }
                    }
                    for (String jsonColumn : List.of("actor", "metadata")) {
                        String value = rows.getString(jsonColumn);
                        if (value != null) {
                            json.set(jsonColumn, Json.parse(value));
                        }
                    }
                    events.add(CrossServiceAuditEvent.fromJson(json));
                }
            }
        }
        return AuditReplayOrder.sorted(events);
    }

    private static Map<String, Instant> latestStamps(Connection connection, List<Pending> events)
            throws SQLException {
        LinkedHashSet<String> jobIds = new LinkedHashSet<>();
        events.forEach(event -> jobIds.add(event.job().jobId()));
        Map<String, Instant> latest = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT job_id, max(created_at) AS latest FROM rez_restore.job_events WHERE job_id = ANY (?)
                GROUP BY job_id""")) {
            statement.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    latest.put(rows.getString("job_id"), rows.getTimestamp("latest").toInstant());
                }
            }
        }
        return latest;
    }

    private static void bindLegacy(PreparedStatement statement, String eventId, Instant stamp, Pending event)
            throws SQLException {
        statement.setString(1, eventId);
        statement.setString(2, event.job().jobId());
        statement.setString(3, event.type().wire());
        statement.setString(4, event.reasonCode());
        statement.setObject(5, JobSql.at(stamp));
        statement.setString(6, event.details().toString());
        statement.setString(7, event.actor().type().wire());
        statement.setString(8, event.actor().id());
    }

    /** The normalised form (§9): the legacy details plus {@code legacy_event_type} as metadata. */
    static CrossServiceAuditEvent crossService(String eventId, Instant stamp, Pending event) {
        Job job = event.job();
        ObjectNode metadata = event.details().deepCopy();
        metadata.put("legacy_event_type", event.type().wire());
        LegacyJobEventType.Mapping mapping =
                event.type().crossServiceMapping(event.details().path("resumed_from_pause").asBoolean(false));
        return new CrossServiceAuditEvent(eventId, IsoUtc.format(stamp), AuditService.RRS, mapping.lifecycle(),
                mapping.action(), mapping.outcome(), job.tenantId(), job.instanceId(), job.source(), job.planId(),
                job.planHash(), job.jobId(), event.reasonCode(), event.actor(), null, metadata);
    }

    private static void bindAudit(PreparedStatement statement, CrossServiceAuditEvent event) throws SQLException {
        ObjectNode json = event.toJson();
        int i = 1;
        statement.setString(i++, event.service().wire());
        statement.setString(i++, event.eventId());
        statement.setObject(i++, JobSql.at(IsoUtc.parse(event.occurredAt()).orElseThrow()));
        statement.setString(i++, event.occurredAt());
        statement.setString(i++, event.lifecycle().wire());
        statement.setString(i++, event.action());
        statement.setString(i++, event.outcome().wire());
        statement.setString(i++, event.tenantId());
        statement.setString(i++, event.instanceId());
        statement.setString(i++, event.source());
        statement.setString(i++, event.planId());
        statement.setString(i++, event.planHash());
        statement.setString(i++, event.jobId());
        statement.setString(i++, event.reasonCode());
        statement.setString(i++, json.has("actor") ? json.get("actor").toString() : null);
        statement.setString(i, json.has("metadata") ? json.get("metadata").toString() : null);
    }
}
