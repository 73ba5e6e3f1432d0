package io.rezilient.restore.service.registry;

import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.http.ApiError;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * The source-mapping decision table (service-spec §2.3), applied in the reference's order; every refusal is
 * {@code error: scope_blocked}. Routes call {@link #enforce(ResourceScope)} when creating a dry-run plan or a job
 * <em>and again when executing or resuming a job</em> (deviation S14: the reference checks only at creation, so a
 * suspended tenant could still run jobs created before the suspension).
 */
public final class SourceMappingEnforcement {
    public static final String ERROR = "scope_blocked";
    public static final String OUTAGE_MESSAGE = "the source registry cannot be read right now; retry later";
    private static final Logger LOG = LoggerFactory.getLogger(SourceMappingEnforcement.class);

    /** Allow (with the mapping that allowed it) or refuse (with the error to answer). */
    public sealed interface Decision {
        record Allow(SourceMapping mapping) implements Decision {
        }

        record Refuse(ApiError error) implements Decision {
        }
    }

    private final SourceRegistry registry;
    private final String serviceScope;

    public SourceMappingEnforcement(SourceRegistry registry) {
        this(registry, SourceRegistry.RRS_SCOPE);
    }

    public SourceMappingEnforcement(SourceRegistry registry, String serviceScope) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.serviceScope = Objects.requireNonNull(serviceScope, "serviceScope");
    }

    /**
     * The one call routes make, on create (dry-run, job) and on execute/resume: returns the mapping or throws the
     * refusal as an {@link ApiError} (403 or 503 {@code scope_blocked}).
     *
     * @param requested the scope being acted in: the request's triple on create (already checked against the
     *                  token by {@code ScopeGuard}), the job's stored triple on execute
     */
    public SourceMapping enforce(ResourceScope requested) {
        return switch (decide(requested)) {
            case Decision.Allow allow -> allow.mapping();
            case Decision.Refuse refuse -> throw refuse.error();
        };
    }

    public Decision decide(ResourceScope requested) {
        SourceResolution resolution;
        try {
            resolution = registry.resolve(requested.tenantId(), requested.instanceId(), serviceScope);
        } catch (RuntimeException e) {
            // a resolver bug or an unexpected failure is still "cannot tell": fail closed as an outage
            resolution = SourceResolution.Outage.of(e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
        }
        return switch (resolution) {
            case SourceResolution.Outage outage -> outage(outage);
            case SourceResolution.NotFound notFound -> blocked("no source mapping for this tenant and instance");
            case SourceResolution.Found found -> check(found, requested);
        };
    }

    /**
     * Why a running execution of {@code scope} must pause now, if it must: its entitlement
     * ({@code paused_entitlement_disabled}) or its tenant or instance ({@code paused_instance_disabled}) is no longer
     * active, or the mapping is gone. Empty when the mapping is active, and on a registry outage: an outage says
     * nothing about the mapping, and rows an agent already applied must still be recorded.
     */
    public Optional<ReasonCode> pauseReason(ResourceScope scope) {
        SourceResolution resolution;
        try {
            resolution = registry.resolve(scope.tenantId(), scope.instanceId(), serviceScope);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return switch (resolution) {
            case SourceResolution.Outage outage -> Optional.empty();
            case SourceResolution.NotFound notFound ->
                    Optional.of(ReasonCode.PAUSED_INSTANCE_DISABLED);
            case SourceResolution.Found found -> {
                SourceMapping mapping = found.mapping();
                if (mapping.entitlementState() != LifecycleState.ACTIVE) {
                    yield Optional.of(
                            ReasonCode.PAUSED_ENTITLEMENT_DISABLED);
                }
                if (!mapping.allActive()) {
                    yield Optional.of(
                            ReasonCode.PAUSED_INSTANCE_DISABLED);
                }
                yield Optional.empty();
            }
        };
    }

    private Decision check(SourceResolution.Found found, ResourceScope requested) {
        ResourceScope mapped = found.mapping().scope();
        if (!mapped.tenantId().equals(requested.tenantId()) || !mapped.instanceId().equals(requested.instanceId())) {
            return blocked("source mapping does not match the requested tenant and instance");
        }
        if (!mapped.source().equals(requested.source())) {
            return blocked("source mapping does not match the requested source");
        }
        if (!found.serviceAllowed()) {
            return blocked("source mapping does not allow service " + serviceScope);
        }
        if (!found.mapping().allActive()) {
            return blocked("source mapping is not active (tenant " + found.mapping().tenantState().wire()
                    + ", entitlement " + found.mapping().entitlementState().wire()
                    + ", instance " + found.mapping().instanceState().wire() + ")");
        }
        return new Decision.Allow(found.mapping());
    }

    /**
     * Fail closed. The outage's own text (a driver message, an upstream status, a transport error) is logged — with
     * the request id, which every log line of a request carries — and replaced by a stable message (deviation S50:
     * the reference answers the outage text itself).
     */
    private static Decision outage(SourceResolution.Outage outage) {
        LOG.atWarn().setMessage("source registry unavailable").addKeyValue("reason", outage.message())
                .addKeyValue("upstream_status", outage.statusCode().isPresent() ? outage.statusCode().getAsInt()
                        : null).log();
        return refuse(503, ReasonCode.BLOCKED_AUTH_CONTROL_PLANE_OUTAGE, OUTAGE_MESSAGE);
    }

    private static Decision blocked(String message) {
        return refuse(403, ReasonCode.BLOCKED_UNKNOWN_SOURCE_MAPPING, message);
    }

    private static Decision refuse(int status, ReasonCode reason, String message) {
        return new Decision.Refuse(new ApiError(status, ERROR, reason.wire(), message));
    }
}
