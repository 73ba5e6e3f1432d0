package io.rezilient.restore.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.rezilient.restore.service.auth.AuthFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issued tokens must be exactly what the verifier (and the control plane's format) expects. */
class DevTokenIssuerTest {
    static final TokenRequest REQUEST = TokenRequest.rrs(SCOPE, "alice@acme",
            Optional.of(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE)), Duration.ofMinutes(15));

    static JsonNode segment(String token, int index) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void anHs256TokenHasTheControlPlaneShapeAndVerifies() throws Exception {
        String token = DevTokenIssuer.hs256(SECRET, CLOCK).issue(REQUEST);

        assertThat(token.split("\\.", -1)).hasSize(3);
        assertThat(token).doesNotContain("+", "/", "=");
        assertThat(segment(token, 0)).isEqualTo(new ObjectMapper().readTree("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        JsonNode claims = segment(token, 1);
        assertThat(claims.get("jti").textValue()).matches("tok_[0-9a-f]{32}");
        assertThat(claims.get("iat").longValue()).isEqualTo(NOW_S);
        assertThat(claims.get("exp").longValue()).isEqualTo(NOW_S + 900);
        assertThat(claims.get("aud").textValue()).isEqualTo("rezilient:rrs");
        assertThat(claims.get("service_scope").textValue()).isEqualTo("rrs");

        Principal principal = verifier().verify(token);
        assertThat(principal.scope()).isEqualTo(SCOPE);
        assertThat(principal.subject()).isEqualTo("alice@acme");
        assertThat(principal.issuer()).isEqualTo(TokenRequest.DEFAULT_ISSUER);
        assertThat(principal.capabilities()).contains(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE));
        assertThat(principal.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void withoutCapabilitiesTheClaimIsLeftOut() throws Exception {
        String token = DevTokenIssuer.hs256(SECRET, CLOCK).issue(
                TokenRequest.rrs(SCOPE, "svc", Optional.empty(), Duration.ofMinutes(5)));
        assertThat(segment(token, 1).has("capabilities")).isFalse();
        assertThat(verifier().verify(token).capabilities()).isEmpty();
    }

    @Test
    void tokenIdsAreUnique() {
        DevTokenIssuer issuer = DevTokenIssuer.hs256(SECRET, CLOCK);
        assertThat(verifier().verify(issuer.issue(REQUEST)).tokenId()).isNotEqualTo(verifier().verify(issuer.issue(REQUEST)).tokenId());
    }

    @Test
    void issuerAndAudienceAreChecked() {
        DevTokenIssuer issuer = DevTokenIssuer.hs256(SECRET, CLOCK);
        TokenVerifier pinned = new TokenVerifier(TokenVerifierSettings.hs256(SECRET).withExpectedIssuer("rez-auth-control-plane"), CLOCK);
        assertThat(pinned.verify(issuer.issue(REQUEST.withIssuer("rez-auth-control-plane"))).issuer()).isEqualTo("rez-auth-control-plane");
        TokenVerifierTest.rejected(pinned, issuer.issue(REQUEST), ReasonCode.DENIED_TOKEN_MALFORMED);
        TokenVerifierTest.rejected(issuer.issue(REQUEST.withAudience("rezilient:reg")), ReasonCode.DENIED_TOKEN_WRONG_SERVICE_SCOPE);
    }

    @Test
    void anEdDsaTokenVerifiesAgainstTheJwksHoldingItsPublicHalf() throws Exception {
        OctetKeyPair key = ed25519("dev-ed-1");
        String token = DevTokenIssuer.eddsa(key, CLOCK).issue(REQUEST);
        assertThat(segment(token, 0).get("kid").textValue()).isEqualTo("dev-ed-1");
        assertThat(segment(token, 0).get("alg").textValue()).isEqualTo("EdDSA");

        TokenVerifier verifier = new TokenVerifier(TokenVerifierSettings.hs256(SECRET).withJwks(
                JwksFile.parse(json(Map.of("keys", List.of(key.toPublicJWK().toJSONObject()))), "test")), CLOCK);
        assertThat(verifier.verify(token).subject()).isEqualTo("alice@acme");
        TokenVerifierTest.rejected(token, ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE); // HS256-only verifier
    }

    @Test
    void eddsaNeedsAPrivateEd25519KeyWithAKid() {
        OctetKeyPair key = ed25519("k");
        assertThatThrownBy(() -> DevTokenIssuer.eddsa(key.toPublicJWK(), CLOCK)).isInstanceOf(IllegalArgumentException.class);
        OctetKeyPair noKid = new OctetKeyPair.Builder(key).keyID(null).build();
        assertThatThrownBy(() -> DevTokenIssuer.eddsa(noKid, CLOCK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevTokenIssuer.hs256("", CLOCK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hs256RefusesASecretTheServiceWouldRefuse() {
        assertThatThrownBy(() -> DevTokenIssuer.hs256("change-me-too", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("change-me-too");
    }

    @Test
    void badRequestsAreRefused() {
        for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(1500), Duration.ofHours(25))) {
            assertThatThrownBy(() -> TokenRequest.rrs(SCOPE, "s", Optional.empty(), ttl))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        }
        assertThatThrownBy(() -> TokenRequest.rrs(SCOPE, " ", Optional.empty(), Duration.ofMinutes(1)))
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> TokenRequest.rrs(new ResourceScope("", "i", "s"), "x", Optional.empty(), Duration.ofMinutes(1)))
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> REQUEST.withIssuer("")).hasMessageContaining("issuer");
        // what the service would refuse as a claim is not minted either
        assertThatThrownBy(() -> TokenRequest.rrs(SCOPE, "alice\u0000", Optional.empty(), Duration.ofMinutes(1)))
                .hasMessageContaining("subject must not contain control characters");
        assertThatThrownBy(() -> TokenRequest.rrs(new ResourceScope("t".repeat(257), "i", "s"), "x", Optional.empty(),
                Duration.ofMinutes(1))).hasMessageContaining("tenant must be at most 256 bytes");
    }
}
