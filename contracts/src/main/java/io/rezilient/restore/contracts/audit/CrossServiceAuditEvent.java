package io.rezilient.restore.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ContractVersions;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.util.Objects;

/**
 * One normalised audit event ({@code audit.event.v1}) that every service emits in the same shape, so an auditor
 * can replay what happened to a restore across services (service-spec §9). Contract rules enforced on
 * construction: {@code action} is snake_case; {@code instance_id} needs {@code tenant_id}; {@code source} needs both;
 * {@code plan_hash} needs {@code plan_id}; lifecycle {@code plan} needs {@code plan_id}; lifecycles
 * {@code execute|resume|override|delete} need {@code job_id}; {@code reason_code} {@code none} is omitted.
 *
 * @param metadata a JSON object of extra details (never record values); may be null
 */
public record CrossServiceAuditEvent(
        String eventId,
        String occurredAt,
        AuditService service,
        AuditLifecycle lifecycle,
        String action,
        AuditOutcome outcome,
        String tenantId,
        String instanceId,
        String source,
        String planId,
        String planHash,
        String jobId,
        String reasonCode,
        AuditActor actor,
        AuditCorrelation correlation,
        ObjectNode metadata) {

    public CrossServiceAuditEvent {
        AuditEventRules.requireText("event_id", eventId);
        if (!IsoUtc.isValid(occurredAt)) {
            throw new IllegalArgumentException("occurred_at " + IsoUtc.RULE_MESSAGE + ": '" + occurredAt + "'");
        }
        occurredAt = IsoUtc.canonicalize(occurredAt);
        Objects.requireNonNull(service, "service is required");
        Objects.requireNonNull(lifecycle, "lifecycle is required");
        Objects.requireNonNull(outcome, "outcome is required");
        AuditEventRules.requireSnakeCase("action", action);
        for (String[] field : new String[][]{{"tenant_id", tenantId}, {"instance_id", instanceId},
                {"source", source}, {"plan_id", planId}, {"plan_hash", planHash}, {"job_id", jobId}}) {
            if (field[1] != null) {
                AuditEventRules.requireText(field[0], field[1]);
            }
        }
        AuditEventRules.requireWith("instance_id", instanceId, "tenant_id", tenantId);
        AuditEventRules.requireWith("source", source, "tenant_id", tenantId);
        AuditEventRules.requireWith("source", source, "instance_id", instanceId);
        AuditEventRules.requireWith("plan_hash", planHash, "plan_id", planId);
        if (lifecycle == AuditLifecycle.PLAN && planId == null) {
            throw new IllegalArgumentException("lifecycle plan requires plan_id");
        }
        if (lifecycle.requiresJobId() && jobId == null) {
            throw new IllegalArgumentException("lifecycle " + lifecycle.wire() + " requires job_id");
        }
        if ("none".equals(reasonCode)) {
            reasonCode = null;
        }
        if (reasonCode != null) {
            AuditEventRules.requireSnakeCase("reason_code", reasonCode);
        }
        metadata = metadata == null ? null : metadata.deepCopy();
    }

    /** The wire form: contract and schema versions first, absent optional fields omitted. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("contract_version", ContractVersions.AUDIT_CONTRACT_VERSION);
        json.put("schema_version", ContractVersions.AUDIT_EVENT_SCHEMA_VERSION);
        json.put("event_id", eventId);
        json.put("occurred_at", occurredAt);
        json.put("service", service.wire());
        json.put("lifecycle", lifecycle.wire());
        json.put("action", action);
        json.put("outcome", outcome.wire());
        putIfPresent(json, "tenant_id", tenantId);
        putIfPresent(json, "instance_id", instanceId);
        putIfPresent(json, "source", source);
        putIfPresent(json, "plan_id", planId);
        putIfPresent(json, "plan_hash", planHash);
        putIfPresent(json, "job_id", jobId);
        putIfPresent(json, "reason_code", reasonCode);
        if (actor != null) {
            ObjectNode actorJson = json.putObject("actor");
            actorJson.put("type", actor.type().wire());
            actorJson.put("id", actor.id());
            putIfPresent(actorJson, "display", actor.display());
        }
        if (correlation != null) {
            ObjectNode correlationJson = json.putObject("correlation");
            putIfPresent(correlationJson, "request_id", correlation.requestId());
            putIfPresent(correlationJson, "trace_id", correlation.traceId());
            putIfPresent(correlationJson, "parent_event_id", correlation.parentEventId());
        }
        if (metadata != null) {
            json.set("metadata", metadata.deepCopy());
        }
        return json;
    }

    /**
     * Reads the wire form strictly ({@link AuditEventSchema}), then applies the contract rules.
     *
     * @throws io.rezilient.restore.contracts.validation.ValidationException naming the first bad field and rule
     * @throws IllegalArgumentException when a cross-field contract rule is broken
     */
    public static CrossServiceAuditEvent fromJson(JsonNode json) {
        JsonNode valid = AuditEventSchema.EVENT.parse(json).valueOrThrow();
        JsonNode actor = valid.get("actor");
        JsonNode correlation = valid.get("correlation");
        return new CrossServiceAuditEvent(
                valid.get("event_id").textValue(),
                valid.get("occurred_at").textValue(),
                AuditService.fromWire(valid.get("service").textValue()),
                AuditLifecycle.fromWire(valid.get("lifecycle").textValue()),
                valid.get("action").textValue(),
                AuditOutcome.fromWire(valid.get("outcome").textValue()),
                text(valid, "tenant_id"), text(valid, "instance_id"), text(valid, "source"),
                text(valid, "plan_id"), text(valid, "plan_hash"), text(valid, "job_id"), text(valid, "reason_code"),
                actor == null ? null : new AuditActor(ActorType.fromWire(actor.get("type").textValue()),
                        actor.get("id").textValue(), text(actor, "display")),
                correlation == null ? null : new AuditCorrelation(text(correlation, "request_id"),
                        text(correlation, "trace_id"), text(correlation, "parent_event_id")),
                valid.has("metadata") ? (ObjectNode) valid.get("metadata") : null);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
