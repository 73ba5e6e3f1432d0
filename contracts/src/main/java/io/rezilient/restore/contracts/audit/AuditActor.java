package io.rezilient.restore.contracts.audit;

import java.util.Objects;

/** Who performed an audited action; {@code id} is the token subject or the admin actor. */
public record AuditActor(ActorType type, String id, String display) {
    public AuditActor {
        Objects.requireNonNull(type, "actor.type is required");
        AuditEventRules.requireText("actor.id", id);
        if (display != null) {
            AuditEventRules.requireText("actor.display", display);
        }
    }
}
