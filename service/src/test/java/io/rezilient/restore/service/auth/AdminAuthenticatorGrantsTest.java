package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.rezilient.restore.service.auth.AdminAuthenticatorTest.ADMIN_TOKEN;
import static io.rezilient.restore.service.auth.AdminAuthenticatorTest.bearer;
import static io.rezilient.restore.service.auth.AdminAuthenticatorTest.denied;
import static io.rezilient.restore.service.auth.AuthFixtures.SCOPE;
import static io.rezilient.restore.service.auth.AuthFixtures.claims;
import static io.rezilient.restore.service.auth.AuthFixtures.hs256;
import static io.rezilient.restore.service.auth.AuthFixtures.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admin authentication for tokens without a capabilities claim: {@code rrs.admin} may come from the grant table. */
class AdminAuthenticatorGrantsTest {
    /** {@link AdminAuthenticatorTest#bearer} signs tokens for this subject in {@link AuthFixtures#SCOPE}. */
    private static final String SUBJECT = "alice@acme";
    private static final CapabilityGrants ALICE_IS_ADMIN = (scope, subject) ->
            scope.equals(SCOPE) && subject.equals(SUBJECT) ? Set.of(Capability.ADMIN) : Set.of();

    private static AdminAuthenticator admin(CapabilityGrants grants) {
        return new AdminAuthenticator(Optional.of(ADMIN_TOKEN), verifier(), new EffectiveCapabilities(grants));
    }

    @Test
    void aClaimlessTokenWithAnAdminGrantOpensAndNamesItsSubject() {
        AdminActor actor = admin(ALICE_IS_ADMIN).authenticate(null, bearer(null));

        assertThat(actor.id()).isEqualTo(SUBJECT);
        assertThat(actor.principal()).hasValueSatisfying(p -> assertThat(p.capabilities()).isEmpty());
    }

    @Test
    void aClaimlessTokenWithoutTheGrantIsDenied() {
        denied(admin((scope, subject) -> Set.of(Capability.RESTORE_EXECUTE)), null, bearer(null));
        denied(admin(CapabilityGrants.NONE), null, bearer(null));
        // the two-argument constructor trusts claims only
        denied(new AdminAuthenticator(Optional.of(ADMIN_TOKEN), verifier()), null, bearer(null));
    }

    @Test
    void aGrantForAnotherSubjectDoesNotCount() {
        Map<String, Object> bob = claims();
        bob.put("sub", "bob@acme");

        denied(admin(ALICE_IS_ADMIN), null, "Bearer " + hs256(bob));
    }

    @Test
    void aClaimWithoutRrsAdminIsNotRescuedByAGrant() {
        denied(admin(ALICE_IS_ADMIN), null, bearer(List.of("restore_execute")));
        denied(admin(ALICE_IS_ADMIN), null, bearer(List.of()));
    }

    @Test
    void aClaimWithRrsAdminNeedsNoTable() {
        AdminAuthenticator unreadable = admin((scope, subject) -> {
            throw new AssertionError("the grant table must not be read for a token with a claim");
        });

        assertThat(unreadable.authenticate(null, bearer(List.of("rrs.admin"))).id()).isEqualTo(SUBJECT);
    }

    @Test
    void theAdminHeaderStillDecidesAloneAndNeedsNoTable() {
        AdminAuthenticator unreadable = admin((scope, subject) -> {
            throw new AssertionError("the grant table must not be read for the admin token");
        });

        assertThat(unreadable.authenticate(ADMIN_TOKEN, null).id()).isEqualTo(AdminActor.ADMIN_TOKEN_ACTOR);
        denied(admin(ALICE_IS_ADMIN), "wrong", bearer(null));
    }

    /** An outage is not a refusal: the caller may hold the grant, so it must not get the 403 that says otherwise. */
    @Test
    void unreadableGrantsAreAnOutageNotADenial() {
        AdminAuthenticator down = admin((scope, subject) -> {
            throw new CapabilityGrantsUnavailableException("capability grants unavailable: connection refused", null);
        });

        assertThatThrownBy(() -> down.authenticate(null, bearer(null)))
                .isInstanceOf(CapabilityGrantsUnavailableException.class);
        denied(down, null, "Bearer not.a.token");
    }
}
