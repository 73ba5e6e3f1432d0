package io.rezilient.restore.service.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who performed an admin call, for the audit record (architecture §6).
 *
 * @param id        {@link #ADMIN_TOKEN_ACTOR} for the shared admin token (it names no person), else the token's
 *                  {@code sub}
 * @param principal the verified token when the call used one
 */
public record AdminActor(String id, Optional<Principal> principal) {
    public static final String ADMIN_TOKEN_ACTOR = "admin_token";

    public AdminActor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
    }

    static AdminActor adminToken() {
        return new AdminActor(ADMIN_TOKEN_ACTOR, Optional.empty());
    }

    static AdminActor of(Principal principal) {
        return new AdminActor(principal.subject(), Optional.of(principal));
    }
}
