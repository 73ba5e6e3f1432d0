package io.rezilient.restore.service.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.rezilient.restore.service.auth.AuthFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HS256 bearer tokens as the auth control plane mints them (service-spec §2.1, §12 jwt/claims/authenticator tests). */
class TokenVerifierTest {

    static void rejected(TokenVerifier verifier, String token, ReasonCode reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reasonCode()).isEqualTo(reason));
    }

    static void rejected(String token, ReasonCode reason) {
        rejected(verifier(), token, reason);
    }

    @Nested
    class Signature {
        @Test
        void aValidTokenYieldsThePrincipal() {
            Principal principal = verifier().verify(hs256(claims()));

            assertThat(principal.scope()).isEqualTo(SCOPE);
            assertThat(principal.subject()).isEqualTo("client-acme-worker");
            assertThat(principal.issuer()).isEqualTo("rezilient-auth-control-plane");
            assertThat(principal.tokenId()).isEqualTo("tok_abc123");
            assertThat(principal.issuedAt()).isEqualTo(NOW.minusSeconds(10));
            assertThat(principal.expiresAt()).isEqualTo(NOW.plusSeconds(290));
            assertThat(principal.capabilities()).isEmpty();
        }

        @Test
        void aTokenSignedByNimbusVerifies() throws Exception {
            // An independent HS256 implementation: guards our HMAC, base64url and signing-input handling.
            JWTClaimsSet set = new JWTClaimsSet.Builder().issuer("acp").subject("svc").audience("rezilient:rrs")
                    .jwtID("tok_1").issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(60)))
                    .claim("service_scope", "rrs").claim("tenant_id", "t").claim("instance_id", "i").claim("source", "s")
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

            assertThat(verifier().verify(jwt.serialize()).scope()).isEqualTo(new ResourceScope("t", "i", "s"));
        }

        @Test
        void oddCharactersRoundTrip() {
            Map<String, Object> claims = claims();
            claims.put("sub", "ope\u00e9rateur/+=?\u2603 \"quoted\"");
            assertThat(verifier().verify(hs256(claims)).subject()).isEqualTo("ope\u00e9rateur/+=?\u2603 \"quoted\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sub", "iss", "jti", "tenant_id", "instance_id", "source"})
        void aValidlySignedClaimThatCouldNotBeStoredIsMalformed(String claim) {
            // a NUL once reached the job_events INSERT from a validly signed sub; claims are identifiers now
            for (String value : List.of("operator\u0000", "ops\tjane", "\u0085", "t".repeat(257))) {
                Map<String, Object> claims = claims();
                claims.put(claim, value);
                assertThatThrownBy(() -> verifier().verify(hs256(claims))).as(claim + "=" + value)
                        .isInstanceOfSatisfying(TokenRejectedException.class, rejected -> assertThat(
                                rejected.reasonCode()).isEqualTo(ReasonCode.DENIED_TOKEN_MALFORMED))
                        .hasMessageStartingWith("claim " + claim);
            }
            Map<String, Object> longest = claims();
            longest.put(claim, "t".repeat(256));
            assertThat(verifier().verify(hs256(longest)).subject()).isNotBlank();
            // an unpaired surrogate only travels as a JSON escape
            String payload = json(claims()).replaceFirst("\"" + claim + "\":\"[^\"]*\"",
                    "\"" + claim + "\":\"\\\\ud800\"");
            assertThatThrownBy(() -> verifier().verify(hs256Raw(json(header("HS256")), payload,
                    SECRET.getBytes(StandardCharsets.UTF_8)))).hasMessage("claim " + claim + " "
                    + io.rezilient.restore.service.http.InputText.MALFORMED_UNICODE);
        }

        @Test
        void aSecretOfExactly32BytesVerifies() {
            String secret = "0123456789abcdef0123456789abcdef";
            TokenVerifier verifier = new TokenVerifier(TokenVerifierSettings.hs256(secret), CLOCK);
            String token = hs256(header("HS256"), claims(), secret.getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(token).subject()).isEqualTo("client-acme-worker");
        }

        @Test
        void aWrongKeyIsAnInvalidSignature() {
            rejected(hs256(header("HS256"), claims(), "another-secret-also-of-32-bytes-or-more"
                            .getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        }

        @Test
        void aTamperedPayloadIsAnInvalidSignature() {
            String[] parts = hs256(claims()).split("\\.");
            Map<String, Object> forged = claims();
            forged.put("tenant_id", "tenant-other");
            String token = parts[0] + "." + b64(json(forged).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            rejected(token, ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        }

        @Test
        void algNoneIsRefusedEvenWithAValidMac() {
            String unsigned = b64(json(header("none")).getBytes(StandardCharsets.UTF_8)) + "."
                    + b64(json(claims()).getBytes(StandardCharsets.UTF_8)) + ".";
            rejected(unsigned, ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
            rejected(hs256(header("none"), claims(), SECRET.getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
            rejected(hs256(header("None"), claims(), SECRET.getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        }

        @Test
        void anAlgorithmOutsideTheAllowListIsRefused() {
            rejected(hs256(header("HS384"), claims(), SECRET.getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
            // RS256 is a known algorithm, but this verifier has no JWKS and does not allow it.
            rejected(hs256(header("RS256"), claims(), SECRET.getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        }

        @Test
        void aHeaderWithoutAlgOrWithCriticalExtensionsIsMalformed() {
            Map<String, Object> noAlg = header("HS256");
            noAlg.remove("alg");
            rejected(hs256(noAlg, claims(), SECRET.getBytes(StandardCharsets.UTF_8)), ReasonCode.DENIED_TOKEN_MALFORMED);
            Map<String, Object> crit = header("HS256");
            crit.put("crit", List.of("b64"));
            crit.put("b64", false);
            rejected(hs256(crit, claims(), SECRET.getBytes(StandardCharsets.UTF_8)), ReasonCode.DENIED_TOKEN_MALFORMED);
        }
    }

    @Nested
    class Structure {
        @ParameterizedTest
        @ValueSource(strings = {"abc", "abc.def", "a.b.c.d", "..", "!!!.e30.sig", "e30.!!!.sig", "e30.e30.***"})
        void wrongSegmentsOrUndecodableAreMalformed(String token) {
            rejected(token, ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void aPayloadThatIsNotAJsonObjectIsMalformed() {
            byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
            rejected(hs256Raw(json(header("HS256")), "[1,2]", key), ReasonCode.DENIED_TOKEN_MALFORMED);
            rejected(hs256Raw(json(header("HS256")), "{not json", key), ReasonCode.DENIED_TOKEN_MALFORMED);
            rejected(hs256Raw("\"HS256\"", json(claims()), key), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void paddedSegmentsAreMalformed() {
            String[] parts = hs256(claims()).split("\\.");
            rejected(parts[0] + "=." + parts[1] + "." + parts[2], ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void duplicateClaimsAreMalformed() {
            String payload = json(claims()).replaceFirst("\\{", "{\"tenant_id\":\"tenant-other\",");
            rejected(hs256Raw(json(header("HS256")), payload, SECRET.getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_MALFORMED);
        }
    }

    @Nested
    class Claims {
        @ParameterizedTest
        @ValueSource(strings = {"iss", "sub", "aud", "jti", "iat", "exp", "service_scope", "tenant_id", "instance_id", "source"})
        void everyRequiredClaimMustBePresent(String claim) {
            Map<String, Object> claims = claims();
            claims.remove(claim);
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"iss", "sub", "aud", "jti", "service_scope", "tenant_id", "instance_id", "source"})
        void stringClaimsMustBeNonBlankStrings(String claim) {
            for (Object bad : new Object[]{"", "  ", 42, List.of("rezilient:rrs"), Map.of()}) {
                Map<String, Object> claims = claims();
                claims.put(claim, bad);
                rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"iat", "exp"})
        void timeClaimsMustBeFiniteNumbers(String claim) {
            Map<String, Object> claims = claims();
            claims.put(claim, "1771243200");
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
            String payload = json(claims()).replace("\"" + claim + "\":" + claims().get(claim), "\"" + claim + "\":1e400");
            assertThat(payload).contains("1e400");
            rejected(hs256Raw(json(header("HS256")), payload, SECRET.getBytes(StandardCharsets.UTF_8)),
                    ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void serviceScopeRegIsAWrongScopeAndAnythingElseMalformed() {
            Map<String, Object> claims = claims();
            claims.put("service_scope", "reg");
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_WRONG_SERVICE_SCOPE);
            claims.put("service_scope", "RRS");
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void aWrongAudienceIsAWrongScope() {
            Map<String, Object> claims = claims();
            claims.put("aud", "rezilient:reg");
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_WRONG_SERVICE_SCOPE);
        }

        @Test
        void aPinnedIssuerMustMatchAnUnpinnedOneAcceptsAny() {
            TokenVerifier pinned = new TokenVerifier(TokenVerifierSettings.hs256(SECRET).withExpectedIssuer("rez-auth-control-plane"), CLOCK);
            rejected(pinned, hs256(claims()), ReasonCode.DENIED_TOKEN_MALFORMED);
            Map<String, Object> claims = claims();
            claims.put("iss", "rez-auth-control-plane");
            assertThat(pinned.verify(hs256(claims)).issuer()).isEqualTo("rez-auth-control-plane");
            claims.put("iss", "anyone-at-all");
            assertThat(verifier().verify(hs256(claims)).issuer()).isEqualTo("anyone-at-all");
        }

        @Test
        void capabilitiesAreParsedWhenPresent() {
            Map<String, Object> claims = claims();
            claims.put("capabilities", List.of("restore_execute", "rrs.admin", "restore_execute"));
            Principal principal = verifier().verify(hs256(claims));
            assertThat(principal.capabilities()).contains(Set.of(Capability.RESTORE_EXECUTE, Capability.ADMIN));
            assertThat(principal.tokenGrants(Capability.ADMIN)).isTrue();
            assertThat(principal.tokenGrants(Capability.RESTORE_DELETE)).isFalse();

            claims.put("capabilities", List.of());
            assertThat(verifier().verify(hs256(claims)).capabilities()).contains(Set.of());
        }

        @Test
        void aTokenWithoutTheClaimGrantsNothingByItself() {
            Principal principal = verifier().verify(hs256(claims()));
            assertThat(principal.capabilities()).isEqualTo(Optional.empty());
            assertThat(principal.tokenGrants(Capability.RESTORE_EXECUTE)).isFalse();
        }

        @Test
        void badCapabilitiesAreMalformed() {
            for (Object bad : new Object[]{"restore_execute", List.of("restore_teleport"), List.of(1), List.of("RESTORE_EXECUTE"), Map.of()}) {
                Map<String, Object> claims = claims();
                claims.put("capabilities", bad);
                rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
            }
        }

        @Test
        void rejectionMessagesDoNotQuoteClaimValues() {
            Map<String, Object> claims = claims();
            claims.put("capabilities", List.of("secret-looking-capability"));
            assertThatThrownBy(() -> verifier().verify(hs256(claims)))
                    .hasMessageNotContaining("secret-looking-capability");
            claims.remove("capabilities");
            claims.put("aud", "rezilient:private-aud");
            assertThatThrownBy(() -> verifier().verify(hs256(claims))).hasMessageNotContaining("private-aud");
        }
    }

    @Nested
    class Time {
        Map<String, Object> window(long iatOffset, long ttl) {
            Map<String, Object> claims = claims();
            claims.put("iat", NOW_S + iatOffset);
            claims.put("exp", NOW_S + iatOffset + ttl);
            return claims;
        }

        @Test
        void expiredLongAgoIsExpired() {
            rejected(hs256(window(-600, 300)), ReasonCode.DENIED_TOKEN_EXPIRED);
        }

        @Test
        void expiryIsForgivenWithinTheSkew() {
            assertThat(verifier().verify(hs256(window(-310, 300))).subject()).isNotBlank(); // expired 10 s ago
            assertThat(verifier().verify(hs256(window(-330, 300))).subject()).isNotBlank(); // exactly the skew
            rejected(hs256(window(-331, 300)), ReasonCode.DENIED_TOKEN_EXPIRED);
            rejected(hs256(window(-400, 300)), ReasonCode.DENIED_TOKEN_EXPIRED); // expired 100 s ago
        }

        @Test
        void theSkewIsConfigurable() {
            TokenVerifier strict = new TokenVerifier(TokenVerifierSettings.hs256(SECRET).withClockSkew(Duration.ZERO), CLOCK);
            assertThat(strict.verify(hs256(window(-300, 300))).subject()).isNotBlank(); // exp == now
            rejected(strict, hs256(window(-301, 300)), ReasonCode.DENIED_TOKEN_EXPIRED);
        }

        @Test
        void theInjectedClockDecides() {
            String token = hs256(window(0, 300));
            TokenVerifier later = new TokenVerifier(TokenVerifierSettings.hs256(SECRET),
                    Clock.fixed(NOW.plusSeconds(331), ZoneOffset.UTC));
            rejected(later, token, ReasonCode.DENIED_TOKEN_EXPIRED);
            TokenVerifier earlier = new TokenVerifier(TokenVerifierSettings.hs256(SECRET),
                    Clock.fixed(Instant.parse("2026-02-16T11:59:29Z"), ZoneOffset.UTC));
            rejected(earlier, token, ReasonCode.DENIED_TOKEN_MALFORMED); // issued 31 s in its future
        }

        @Test
        void iatInTheFutureBeyondTheSkewIsMalformed() {
            assertThat(verifier().verify(hs256(window(30, 300))).subject()).isNotBlank();
            rejected(hs256(window(31, 300)), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void nbfInTheFutureBeyondTheSkewIsMalformed() {
            Map<String, Object> claims = window(-10, 300);
            claims.put("nbf", NOW_S + 30);
            assertThat(verifier().verify(hs256(claims)).subject()).isNotBlank();
            claims.put("nbf", NOW_S + 31);
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
            claims.put("nbf", "soon");
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void iatNotBeforeExpIsMalformed() {
            rejected(hs256(window(-10, 0)), ReasonCode.DENIED_TOKEN_MALFORMED);
            rejected(hs256(window(-10, -5)), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void aLifetimeBeyondTheDefaultDayIsMalformed() {
            long day = 24 * 3600;
            assertThat(verifier().verify(hs256(window(-10, day))).subject()).isNotBlank(); // exactly the maximum
            rejected(hs256(window(-10, day + 1)), ReasonCode.DENIED_TOKEN_MALFORMED);
            // a token valid for years is refused even though it is neither expired nor issued in the future
            rejected(hs256(window(-10, 10L * 365 * day)), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void theMaximumLifetimeIsConfigurable() {
            TokenVerifier shortLived = new TokenVerifier(TokenVerifierSettings.hs256(SECRET)
                    .withMaxTokenLifetime(Duration.ofMinutes(5)), CLOCK);
            assertThat(shortLived.verify(hs256(window(-10, 300))).subject()).isNotBlank();
            rejected(shortLived, hs256(window(-10, 301)), ReasonCode.DENIED_TOKEN_MALFORMED);
        }

        @Test
        void aTokenWithoutIatIsMalformedBeforeItsLifetimeIsConsidered() {
            Map<String, Object> claims = window(-10, 300);
            claims.remove("iat");
            rejected(hs256(claims), ReasonCode.DENIED_TOKEN_MALFORMED);
        }
    }

    @Nested
    class BearerHeaders {
        @Test
        void aValidBearerHeaderAuthenticates() {
            assertThat(verifier().authenticate("Bearer " + hs256(claims())).scope()).isEqualTo(SCOPE);
            assertThat(verifier().authenticate("bEaReR " + hs256(claims())).scope()).isEqualTo(SCOPE);
        }

        @Test
        void missingWrongSchemeOrEmptyTokenIsMalformed() {
            String token = hs256(claims());
            for (String header : new String[]{null, "", "Bearer", "Bearer ", "Bearer  " + token, "Basic " + token, token}) {
                assertThatThrownBy(() -> verifier().authenticate(header))
                        .isInstanceOfSatisfying(TokenRejectedException.class,
                                e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.DENIED_TOKEN_MALFORMED));
            }
        }

        @Test
        void onlyTheFirstTwoPiecesCount() {
            assertThat(verifier().authenticate("Bearer " + hs256(claims()) + " trailing junk").scope()).isEqualTo(SCOPE);
        }
    }

    @Nested
    class Settings {
        @Test
        void theSecretNeverAppearsInToString() {
            assertThat(TokenVerifierSettings.hs256(SECRET).toString()).doesNotContain(SECRET).contains("<set>");
        }

        @Test
        void anHs256SecretShorterThan32BytesIsRefused() {
            // RFC 7518 §3.2; bytes of UTF-8 count, not characters: 31 ASCII bytes fail, 11 three-byte characters pass
            assertThatThrownBy(() -> TokenVerifierSettings.hs256("0123456789abcdef0123456789abcde"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 32 bytes").hasMessageContaining("got 31")
                    .hasMessageNotContaining("0123456789abcdef");
            assertThat(TokenVerifierSettings.hs256("\u2603".repeat(11)).signingSecret()).isPresent();
        }

        @Test
        void settingsWithoutKeysOrAlgorithmsOrWithNegativeSkewAreRefused() {
            assertThatThrownBy(() -> TokenVerifierSettings.hs256(" ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TokenVerifierSettings.hs256(SECRET).withAllowedAlgorithms(Set.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TokenVerifierSettings.hs256(SECRET).withClockSkew(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void hs256CanBeTakenOffTheAllowList() {
            TokenVerifier verifier = new TokenVerifier(TokenVerifierSettings.hs256(SECRET)
                    .withJwks(JwksFile.parse(json(Map.of("keys", List.of(ed25519("k1").toPublicJWK().toJSONObject()))), "test"))
                    .withAllowedAlgorithms(Set.of(TokenAlgorithm.EDDSA)), CLOCK);
            rejected(verifier, hs256(claims()), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        }
    }
}
