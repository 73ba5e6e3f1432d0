package io.rezilient.restore.service.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static io.rezilient.restore.service.auth.AuthFixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;

/** Object-level scope (service-spec §2.2): exactly the token's triple is visible; everything else is "not found". */
class ScopeGuardTest {
    static final Principal CALLER = new Principal(SCOPE, "op", "iss", "tok_1", Instant.EPOCH, Instant.EPOCH.plusSeconds(1),
            Optional.empty());

    record Plan(String id, ResourceScope scope) {
    }

    @ParameterizedTest(name = "tenant {0}, instance {1}, source {2} -> visible {3}")
    @CsvSource({
            "same,  same,  same,  true",
            "same,  same,  other, false",
            "same,  other, same,  false",
            "same,  other, other, false",
            "other, same,  same,  false",
            "other, same,  other, false",
            "other, other, same,  false",
            "other, other, other, false"})
    void onlyTheExactTripleIsVisible(String tenant, String instance, String source, boolean visible) {
        ResourceScope resource = new ResourceScope(
                tenant.equals("same") ? SCOPE.tenantId() : "tenant-other",
                instance.equals("same") ? SCOPE.instanceId() : "sn-prod-01",
                source.equals("same") ? SCOPE.source() : "sn://other.service-now.com");
        assertThat(ScopeGuard.isVisible(CALLER, resource)).isEqualTo(visible);
        assertThat(ScopeGuard.mayCreateIn(CALLER, resource)).isEqualTo(visible);
        assertThat(ScopeGuard.visible(CALLER, Optional.of(new Plan("p1", resource)), Plan::scope).isPresent()).isEqualTo(visible);
    }

    @Test
    void comparisonIsExactAndCaseSensitive() {
        assertThat(ScopeGuard.isVisible(CALLER, new ResourceScope("Tenant-Acme", SCOPE.instanceId(), SCOPE.source()))).isFalse();
        assertThat(ScopeGuard.isVisible(CALLER, new ResourceScope(SCOPE.tenantId() + " ", SCOPE.instanceId(), SCOPE.source()))).isFalse();
        assertThat(ScopeGuard.isVisible(CALLER, null)).isFalse();
    }

    @Test
    void aForeignRecordLooksExactlyLikeAMissingOne() {
        Optional<Plan> missing = ScopeGuard.visible(CALLER, Optional.empty(), Plan::scope);
        Optional<Plan> foreign = ScopeGuard.visible(CALLER,
                Optional.of(new Plan("p1", new ResourceScope("tenant-other", SCOPE.instanceId(), SCOPE.source()))), Plan::scope);
        assertThat(foreign).isEqualTo(missing).isEmpty();
        Plan own = new Plan("p1", SCOPE);
        assertThat(ScopeGuard.visible(CALLER, Optional.of(own), Plan::scope)).contains(own);
        assertThat(ScopeGuard.NOT_FOUND_MESSAGE).isEqualTo("resource not found within token scope");
        assertThat(ScopeGuard.NOT_FOUND_REASON.wire()).isEqualTo("blocked_unknown_source_mapping");
    }
}
