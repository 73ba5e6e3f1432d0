package io.rezilient.restore.service.registry;

import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.http.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.rezilient.restore.service.registry.Mappings.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every row of the service-spec §2.3 decision table, in its order. */
class SourceMappingEnforcementTest {

    private static ApiError refusal(SourceRegistry registry, ResourceScope requested) {
        return catchThrowableOfType(ApiError.class, () -> new SourceMappingEnforcement(registry).enforce(requested));
    }

    private static void assertBlocked(ApiError error) {
        assertThat(error).isNotNull();
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.error()).isEqualTo("scope_blocked");
        assertThat(error.reasonCode()).isEqualTo("blocked_unknown_source_mapping");
    }

    @Test
    void anActiveMappingOfExactlyTheRequestedTripleIsAllowed() {
        SourceMapping mapping = Mappings.active(SCOPE);
        SourceRegistry registry = (tenant, instance, scope) -> Mappings.found(mapping);

        assertThat(new SourceMappingEnforcement(registry).enforce(SCOPE)).isEqualTo(mapping);
        assertThat(new SourceMappingEnforcement(registry).decide(SCOPE))
                .isEqualTo(new SourceMappingEnforcement.Decision.Allow(mapping));
    }

    @Test
    void theRegistryIsAskedForTheRequestedTenantInstanceAndTheRrsScope() {
        List<String> asked = new java.util.ArrayList<>();
        SourceRegistry registry = (tenant, instance, scope) -> {
            asked.add(tenant + "/" + instance + "/" + scope);
            return Mappings.found(Mappings.active(SCOPE));
        };

        new SourceMappingEnforcement(registry).enforce(SCOPE);

        assertThat(asked).containsExactly("tenant-acme/sn-dev-01/rrs");
    }

    @Test
    void anOutageIs503WithAStableMessageNotTheOutagesText() {
        ApiError error = refusal((t, i, s) -> SourceResolution.Outage.of(
                "source registry unavailable: ERROR: relation \"rez_restore.source_registry\" does not exist"), SCOPE);

        assertThat(error.status()).isEqualTo(503);
        assertThat(error.error()).isEqualTo("scope_blocked");
        assertThat(error.reasonCode()).isEqualTo("blocked_auth_control_plane_outage");
        assertThat(error.getMessage()).isEqualTo(SourceMappingEnforcement.OUTAGE_MESSAGE)
                .doesNotContain("relation", "rez_restore");
    }

    @Test
    void aResolverThatThrowsIsAnOutageToo() {
        ApiError error = refusal((t, i, s) -> {
            throw new IllegalStateException("pool exhausted");
        }, SCOPE);

        assertThat(error.status()).isEqualTo(503);
        assertThat(error.reasonCode()).isEqualTo("blocked_auth_control_plane_outage");
        assertThat(error.getMessage()).isEqualTo(SourceMappingEnforcement.OUTAGE_MESSAGE);
    }

    @Test
    void notFoundIs403() {
        assertBlocked(refusal((t, i, s) -> new SourceResolution.NotFound(), SCOPE));
    }

    @Test
    void aMappingOfAnotherTenantOrInstanceIs403() {
        ResourceScope otherTenant = new ResourceScope("tenant-other", SCOPE.instanceId(), SCOPE.source());
        ResourceScope otherInstance = new ResourceScope(SCOPE.tenantId(), "sn-prod-01", SCOPE.source());

        assertBlocked(refusal((t, i, s) -> Mappings.found(Mappings.active(otherTenant)), SCOPE));
        assertBlocked(refusal((t, i, s) -> Mappings.found(Mappings.active(otherInstance)), SCOPE));
    }

    @Test
    void aMappingWhoseCanonicalSourceDiffersIs403() {
        ResourceScope otherSource = new ResourceScope(SCOPE.tenantId(), SCOPE.instanceId(), "sn://elsewhere");

        ApiError error = refusal((t, i, s) -> Mappings.found(Mappings.active(otherSource)), SCOPE);

        assertBlocked(error);
        assertThat(error.getMessage()).contains("source");
    }

    @Test
    void aMappingThatDoesNotAllowTheServiceIs403() {
        SourceMapping mapping = Mappings.active(SCOPE);

        assertBlocked(refusal((t, i, s) -> new SourceResolution.Found(mapping, "rrs", false), SCOPE));
    }

    @ParameterizedTest(name = "tenant {0}, entitlement {1}, instance {2}")
    @CsvSource({
            "SUSPENDED, ACTIVE, ACTIVE", "DISABLED, ACTIVE, ACTIVE",
            "ACTIVE, SUSPENDED, ACTIVE", "ACTIVE, DISABLED, ACTIVE",
            "ACTIVE, ACTIVE, SUSPENDED", "ACTIVE, ACTIVE, DISABLED"})
    void anyStateOtherThanActiveIs403(LifecycleState tenant, LifecycleState entitlement, LifecycleState instance) {
        SourceMapping mapping = Mappings.withStates(tenant, entitlement, instance);

        assertBlocked(refusal((t, i, s) -> Mappings.found(mapping), SCOPE));
    }

    @Test
    void theTableIsAppliedInOrderSoTheFirstFailingRowNamesTheRefusal() {
        // another source AND a suspended instance: the source row comes first
        SourceMapping both = new SourceMapping(new ResourceScope(SCOPE.tenantId(), SCOPE.instanceId(), "sn://x"),
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, LifecycleState.SUSPENDED, List.of(), Mappings.UPDATED);

        ApiError error = refusal((t, i, s) -> new SourceResolution.Found(both, "rrs", false), SCOPE);

        assertBlocked(error);
        assertThat(error.getMessage()).isEqualTo("source mapping does not match the requested source");
    }
}
