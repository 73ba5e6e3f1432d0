package io.rezilient.restore.service.jobs;

import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.registry.SourceMappingEnforcement;

import java.util.Objects;
import java.util.Set;

/**
 * Whether queued jobs of one (tenant, instance, source) may start now: the source-mapping check of deviation S14,
 * taken before the transaction that would start them (the registry may be a remote service, and a second pooled
 * connection borrowed under the scope lock could exhaust the pool). All jobs of a scope share its mapping, so one
 * answer covers every job the transaction could start.
 */
public sealed interface StartPermission {
    /** The reasons a queued job's start can be withheld for: the check's own refusal codes (service-spec §2.3). */
    Set<String> WITHHELD_REASONS = Set.of(ReasonCode.BLOCKED_UNKNOWN_SOURCE_MAPPING.wire(),
            ReasonCode.BLOCKED_AUTH_CONTROL_PLANE_OUTAGE.wire());

    /** The mapping is active: jobs may start. */
    record Allowed() implements StartPermission {
    }

    /**
     * The check refused: the jobs that could start stay queued with {@code reasonCode} as their status and wait
     * reason, and {@code message} in the event that records it.
     */
    record Withheld(String reasonCode, String message) implements StartPermission {
        public Withheld {
            if (!WITHHELD_REASONS.contains(reasonCode)) {
                throw new IllegalArgumentException("not a reason to withhold a start: " + reasonCode);
            }
            Objects.requireNonNull(message, "message");
        }
    }

    static StartPermission allowed() {
        return new Allowed();
    }

    /**
     * Asks the source registry about {@code scope}, as creation does. An outage withholds too (fail closed) with a
     * fixed message: the registry's own failure text is for the log, not for a job's history.
     */
    static StartPermission check(SourceMappingEnforcement mappings, ResourceScope scope) {
        return switch (mappings.decide(scope)) {
            case SourceMappingEnforcement.Decision.Allow allow -> allowed();
            case SourceMappingEnforcement.Decision.Refuse refuse ->
                    ReasonCode.BLOCKED_AUTH_CONTROL_PLANE_OUTAGE.wire().equals(refuse.error().reasonCode())
                            ? new Withheld(refuse.error().reasonCode(), "the source registry could not be reached")
                            : new Withheld(refuse.error().reasonCode(), refuse.error().getMessage());
        };
    }
}
