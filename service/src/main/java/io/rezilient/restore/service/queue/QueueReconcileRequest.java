package io.rezilient.restore.service.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.http.InputText;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated {@code queue/reconcile} or {@code queue/reset} body (service-spec §3.7, §5.5).
 *
 * <ul>
 *   <li>both: {@code dry_run} boolean, default {@code true} (also for reset: a dry run changes nothing, so it is the
 *       safe default, deviation S38); {@code scope} object; {@code stale_after_ms} a non-negative whole number of
 *       milliseconds; an apply needs tenant, instance and source;</li>
 *   <li>reconcile: any force field ({@code force_status}, {@code force_stale_status}, {@code force_reason_code},
 *       {@code preserve_stale_job_ids}) is refused, "only supported on queue/reset";</li>
 *   <li>reset: {@code stale_after_ms} and an exact scope are required even for a dry run; {@code force_status} ∈
 *       completed|failed|cancelled (default failed); {@code force_reason_code} a known reason code (the reference
 *       takes any string, §13 item 6; default per {@link ForcePolicy#defaultReason}); {@code preserve_stale_job_ids}
 *       an array of non-empty strings.</li>
 * </ul>
 * Unknown fields are refused, so a misspelt {@code dry_run} can never silently turn into the default.
 *
 * @param staleAfterMs empty when no staleness was asked for (then no job is stale)
 * @param force        present exactly for reset
 */
public record QueueReconcileRequest(QueueOperation operation, boolean dryRun, QueueScope scope,
                                    OptionalLong staleAfterMs, Optional<ForcePolicy> force,
                                    Set<String> preserveStaleJobIds) {
    /** A hundred years: far beyond any useful staleness, and small enough that {@code now - stale} never overflows. */
    static final long MAX_STALE_AFTER_MS = 100L * 366 * 24 * 3600 * 1000;
    private static final Set<String> COMMON_FIELDS = Set.of("dry_run", "scope", "stale_after_ms");
    private static final List<String> FORCE_FIELDS =
            List.of("force_status", "force_stale_status", "force_reason_code", "preserve_stale_job_ids");
    private static final Set<String> RESET_FIELDS = Set.of("force_status", "force_reason_code",
            "preserve_stale_job_ids");
    private static final Set<String> SCOPE_FIELDS = Set.of("tenant_id", "instance_id", "source", "lock_scope_tables");

    /** The same request over another scope (see {@link QueueScope#confinedTo}). */
    public QueueReconcileRequest withScope(QueueScope confined) {
        return new QueueReconcileRequest(operation, dryRun, confined, staleAfterMs, force, preserveStaleJobIds);
    }

    public QueueReconcileRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(staleAfterMs, "staleAfterMs");
        Objects.requireNonNull(force, "force");
        preserveStaleJobIds = Set.copyOf(preserveStaleJobIds);
        if (force.isPresent() != (operation == QueueOperation.RESET)) {
            throw new IllegalArgumentException("reset forces and reconcile never does");
        }
        if (!dryRun && !scope.isExact()) {
            throw new IllegalArgumentException("an apply needs tenant, instance and source");
        }
    }

    /**
     * @throws ApiError 400 {@code invalid_request} naming the first broken rule
     */
    public static QueueReconcileRequest parse(QueueOperation operation, ObjectNode body) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
        if (operation == QueueOperation.RECONCILE) {
            for (String field : FORCE_FIELDS) {
                if (body.has(field)) {
                    throw ApiError.invalidRequest(field + " is only supported on queue/reset");
                }
            }
        }
        rejectUnknown(body, operation == QueueOperation.RESET ? union(COMMON_FIELDS, RESET_FIELDS) : COMMON_FIELDS,
                "");
        boolean dryRun = optionalBoolean(body, "dry_run").orElse(true);
        QueueScope scope = scope(body.get("scope"));
        OptionalLong staleAfterMs = staleAfterMs(body.get("stale_after_ms"));
        if (operation == QueueOperation.RECONCILE) {
            if (!dryRun && !scope.isExact()) {
                throw ApiError.invalidRequest(
                        "dry_run:false requires scope.tenant_id, scope.instance_id and scope.source");
            }
            return new QueueReconcileRequest(operation, dryRun, scope, staleAfterMs, Optional.empty(), Set.of());
        }
        if (staleAfterMs.isEmpty()) {
            throw ApiError.invalidRequest("stale_after_ms is required on queue/reset");
        }
        if (!scope.isExact()) {
            throw ApiError.invalidRequest("queue/reset requires scope.tenant_id, scope.instance_id and scope.source");
        }
        JobStatus status = forceStatus(body.get("force_status"));
        ReasonCode reason = forceReason(body.get("force_reason_code")).orElse(ForcePolicy.defaultReason(status));
        return new QueueReconcileRequest(operation, dryRun, scope, staleAfterMs,
                Optional.of(new ForcePolicy(status, reason)), preserve(body.get("preserve_stale_job_ids")));
    }

    private static QueueScope scope(JsonNode node) {
        if (node == null || node.isNull()) {
            return QueueScope.any();
        }
        if (!node.isObject()) {
            throw ApiError.invalidRequest("scope must be an object");
        }
        rejectUnknown((ObjectNode) node, SCOPE_FIELDS, "scope.");
        return new QueueScope(scopeId(node, "tenant_id"), scopeId(node, "instance_id"), scopeId(node, "source"),
                tables(node.get("lock_scope_tables")));
    }

    private static Optional<String> scopeId(JsonNode scope, String field) {
        JsonNode value = scope.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw ApiError.invalidRequest("scope." + field + " must be a non-empty string");
        }
        return Optional.of(InputText.requireIdentifier("scope." + field, value.textValue()).strip());
    }

    /** Canonical as the job's own (trimmed, distinct, byte-wise sorted), so the overlap test compares like forms. */
    private static List<String> tables(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        String rule = "scope.lock_scope_tables must be a non-empty array of non-empty strings";
        if (!node.isArray() || node.isEmpty()) {
            throw ApiError.invalidRequest(rule);
        }
        TreeSet<String> tables = new TreeSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode table = node.get(i);
            if (!table.isTextual() || table.textValue().isBlank()) {
                throw ApiError.invalidRequest(rule);
            }
            tables.add(InputText.requireIdentifier("scope.lock_scope_tables[" + i + "]", table.textValue()).strip());
        }
        return List.copyOf(tables);
    }

    private static OptionalLong staleAfterMs(JsonNode node) {
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        String rule = "stale_after_ms must be a whole number of milliseconds between 0 and " + MAX_STALE_AFTER_MS;
        if (!node.isNumber() || !node.canConvertToExactIntegral()) {
            throw ApiError.invalidRequest(rule);
        }
        if (!node.canConvertToLong() || node.longValue() < 0 || node.longValue() > MAX_STALE_AFTER_MS) {
            throw ApiError.invalidRequest(rule);
        }
        return OptionalLong.of(node.longValue());
    }

    private static JobStatus forceStatus(JsonNode node) {
        if (node == null || node.isNull()) {
            return JobStatus.FAILED;
        }
        String rule = "force_status must be one of completed, failed, cancelled";
        if (!node.isTextual()) {
            throw ApiError.invalidRequest(rule);
        }
        return switch (node.textValue()) {
            case "completed" -> JobStatus.COMPLETED;
            case "failed" -> JobStatus.FAILED;
            case "cancelled" -> JobStatus.CANCELLED;
            default -> throw ApiError.invalidRequest(rule);
        };
    }

    /** A known reason code; {@code queued_scope_lock} describes a waiting job and never a terminal one. */
    private static Optional<ReasonCode> forceReason(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            for (ReasonCode code : ReasonCode.values()) {
                if (code.wire().equals(node.textValue()) && code != ReasonCode.QUEUED_SCOPE_LOCK) {
                    return Optional.of(code);
                }
            }
        }
        throw ApiError.invalidRequest("force_reason_code must be a known reason code for a terminal job"
                + " (e.g. failed_stale_lock_recovered, failed_internal_error, none)");
    }

    private static Set<String> preserve(JsonNode node) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        String rule = "preserve_stale_job_ids must be an array of non-empty strings";
        if (!node.isArray()) {
            throw ApiError.invalidRequest(rule);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isTextual() || id.textValue().isBlank()) {
                throw ApiError.invalidRequest(rule);
            }
            ids.add(InputText.requireIdentifier("preserve_stale_job_ids[" + i + "]", id.textValue()));
        }
        return ids;
    }

    private static Optional<Boolean> optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiError.invalidRequest(field + " must be a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    private static void rejectUnknown(ObjectNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                // the name is the caller's own input: echo it, but not without bound
                String shown = name.length() > 100 ? name.substring(0, 100) + "…" : name;
                throw ApiError.invalidRequest("unknown field: " + prefix + shown);
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
