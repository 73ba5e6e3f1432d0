package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.Optional;
import java.util.function.Function;

/**
 * Object-level scope (service-spec §2.2): the token's (tenant, instance, source) is the caller's whole authority.
 * Reads answer "visible or not" — never "forbidden" — so a caller cannot learn that another tenant's id exists:
 * the HTTP layer turns "not visible" into the same 404 a missing record gets.
 */
public final class ScopeGuard {
    /** The 404 body for a missing or foreign record: {@code not_found} with this reason code and message. */
    public static final ReasonCode NOT_FOUND_REASON = ReasonCode.BLOCKED_UNKNOWN_SOURCE_MAPPING;
    public static final String NOT_FOUND_MESSAGE = "resource not found within token scope";
    /** The 403 {@code scope_blocked} reason when a create request names a scope other than the token's. */
    public static final ReasonCode CREATE_BLOCKED_REASON = ReasonCode.BLOCKED_UNKNOWN_SOURCE_MAPPING;

    private ScopeGuard() {
    }

    /** True when the resource belongs to exactly the caller's triple (exact, case-sensitive, as the reference). */
    public static boolean isVisible(Principal caller, ResourceScope resource) {
        return resource != null && caller.scope().equals(resource);
    }

    /**
     * The loaded record if the caller may see it, else empty — so "missing" and "foreign" take the same code path
     * and cannot answer differently. Use this right after loading any {@code /v1/plans/{id}}, {@code /v1/jobs/{id}}
     * record.
     */
    public static <T> Optional<T> visible(Principal caller, Optional<T> loaded, Function<? super T, ResourceScope> scopeOf) {
        return loaded.filter(record -> isVisible(caller, scopeOf.apply(record)));
    }

    /** Create endpoints: the body's triple must equal the token's, else {@code 403 scope_blocked} (§2.2). */
    public static boolean mayCreateIn(Principal caller, ResourceScope requested) {
        return isVisible(caller, requested);
    }
}
