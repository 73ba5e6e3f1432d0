package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.rezilient.restore.contracts.restore.Capability.ADMIN;
import static io.rezilient.restore.contracts.restore.Capability.RESTORE_DELETE;
import static io.rezilient.restore.contracts.restore.Capability.RESTORE_EXECUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Architecture §5 deviation 2: the token's claim is the grant; without a claim the grant table decides. */
class EffectiveCapabilitiesTest {
    private static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev");
    private final List<String> lookups = new ArrayList<>();
    /** Grants restore_delete and rrs.admin to alice in SCOPE only, and records every lookup. */
    private final CapabilityGrants table = (scope, subject) -> {
        lookups.add(scope.tenantId() + "|" + subject);
        return scope.equals(SCOPE) && subject.equals("alice") ? Set.of(RESTORE_DELETE, ADMIN) : Set.of();
    };
    private final EffectiveCapabilities effective = new EffectiveCapabilities(table);

    static Principal principal(ResourceScope scope, String subject, Optional<Set<Capability>> claim) {
        Instant now = Instant.parse("2026-02-16T12:00:00Z");
        return new Principal(scope, subject, "rezilient-auth-control-plane", "tok_1", now, now.plusSeconds(300), claim);
    }

    @Test
    void aClaimIsTheGrantAndTheTableIsNotAsked() {
        Principal withClaim = principal(SCOPE, "alice", Optional.of(Set.of(RESTORE_EXECUTE)));

        assertThat(effective.of(withClaim)).containsExactly(RESTORE_EXECUTE);
        assertThat(effective.holds(withClaim, ADMIN)).as("granted in the table, but the claim wins").isFalse();
        assertThat(lookups).isEmpty();
    }

    @Test
    void anEmptyClaimGrantsNothingEvenWhenTheTableWould() {
        Principal emptyClaim = principal(SCOPE, "alice", Optional.of(Set.of()));

        assertThat(effective.of(emptyClaim)).isEmpty();
        assertThat(lookups).isEmpty();
    }

    @Test
    void withoutAClaimTheGrantsOfTheTokensScopeAndSubjectApply() {
        assertThat(effective.of(principal(SCOPE, "alice", Optional.empty()))).containsExactlyInAnyOrder(RESTORE_DELETE,
                ADMIN);
        assertThat(effective.holds(principal(SCOPE, "alice", Optional.empty()), RESTORE_EXECUTE)).isFalse();
        assertThat(effective.of(principal(SCOPE, "bob", Optional.empty()))).isEmpty();
        assertThat(effective.of(principal(new ResourceScope("tenant-other", SCOPE.instanceId(), SCOPE.source()),
                "alice", Optional.empty()))).isEmpty();
        assertThat(lookups).containsExactly("tenant-acme|alice", "tenant-acme|alice", "tenant-acme|bob",
                "tenant-other|alice");
    }

    @Test
    void theResultCannotBeChangedByTheCaller() {
        Set<Capability> held = effective.of(principal(SCOPE, "alice", Optional.empty()));

        assertThatThrownBy(() -> held.add(RESTORE_EXECUTE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unreadableGrantsPropagateSoTheCallerFailsClosed() {
        EffectiveCapabilities down = new EffectiveCapabilities((scope, subject) -> {
            throw new CapabilityGrantsUnavailableException("capability grants unavailable: connection refused", null);
        });

        assertThatThrownBy(() -> down.of(principal(SCOPE, "alice", Optional.empty())))
                .isInstanceOf(CapabilityGrantsUnavailableException.class);
        assertThat(down.of(principal(SCOPE, "alice", Optional.of(Set.of(ADMIN))))).as("a claim needs no table")
                .containsExactly(ADMIN);
    }
}
