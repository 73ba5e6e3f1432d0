package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.rezilient.restore.service.auth.AuthFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admin authentication (service-spec §2.7, architecture §6): admin token or an {@code rrs.admin} bearer token. */
class AdminAuthenticatorTest {
    static final String ADMIN_TOKEN = "admin-token-0123456789";
    final AdminAuthenticator admin = new AdminAuthenticator(Optional.of(ADMIN_TOKEN), verifier());

    static void denied(AdminAuthenticator admin, String adminHeader, String authorization) {
        assertThatThrownBy(() -> admin.authenticate(adminHeader, authorization))
                .isInstanceOfSatisfying(AdminAccessDeniedException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.ADMIN_AUTH_REQUIRED));
    }

    static String bearer(List<String> capabilities) {
        Map<String, Object> claims = claims();
        claims.put("sub", "alice@acme");
        if (capabilities != null) {
            claims.put("capabilities", capabilities);
        }
        return "Bearer " + hs256(claims);
    }

    @Test
    void theAdminTokenOpensAndIsRecordedAsSuch() {
        AdminActor actor = admin.authenticate(ADMIN_TOKEN, null);
        assertThat(actor.id()).isEqualTo(AdminActor.ADMIN_TOKEN_ACTOR);
        assertThat(actor.principal()).isEmpty();
    }

    @Test
    void anyOtherAdminTokenIsDenied() {
        for (String wrong : new String[]{"", "admin", ADMIN_TOKEN + "x", ADMIN_TOKEN.substring(1), ADMIN_TOKEN.toUpperCase(),
                "x".repeat(10_000)}) {
            denied(admin, wrong, null);
        }
    }

    @Test
    void withoutAConfiguredAdminTokenTheHeaderNeverMatches() {
        for (Optional<String> unset : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            AdminAuthenticator none = new AdminAuthenticator(unset, verifier());
            denied(none, "", null);
            denied(none, "  ", null);
            denied(none, "anything", null);
        }
    }

    @Test
    void aBearerTokenWithRrsAdminOpensAndNamesItsSubject() {
        AdminActor actor = admin.authenticate(null, bearer(List.of("rrs.admin")));
        assertThat(actor.id()).isEqualTo("alice@acme");
        assertThat(actor.principal()).hasValueSatisfying(p -> assertThat(p.tokenGrants(Capability.ADMIN)).isTrue());
        // Also when no admin token is configured at all.
        assertThat(new AdminAuthenticator(Optional.empty(), verifier()).authenticate(null, bearer(List.of("rrs.admin"))).id())
                .isEqualTo("alice@acme");
    }

    @Test
    void aBearerTokenWithoutRrsAdminIsDenied() {
        denied(admin, null, bearer(null));
        denied(admin, null, bearer(List.of()));
        denied(admin, null, bearer(List.of("restore_execute", "restore_override_caps")));
    }

    @Test
    void anInvalidBearerTokenIsDeniedNotUnauthorized() {
        Map<String, Object> expired = claims();
        expired.put("capabilities", List.of("rrs.admin"));
        expired.put("iat", NOW_S - 1000);
        expired.put("exp", NOW_S - 500);
        denied(admin, null, "Bearer " + hs256(expired));
        denied(admin, null, "Bearer not.a.token");
        denied(admin, null, "Basic " + ADMIN_TOKEN);
    }

    @Test
    void aWrongAdminTokenIsNotRescuedByAGoodBearerToken() {
        denied(admin, "wrong", bearer(List.of("rrs.admin")));
    }

    @Test
    void noCredentialsAtAllIsDenied() {
        denied(admin, null, null);
    }
}
