package io.rezilient.restore.service.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rezilient.restore.contracts.restore.ReasonCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.rezilient.restore.service.auth.AuthFixtures.*;
import static io.rezilient.restore.service.auth.TokenVerifierTest.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RS256 and EdDSA tokens verified against a configured JWKS, and the attacks a JWKS invites (architecture §6). */
class JwksVerificationTest {
    static RSAKey rsa;
    static OctetKeyPair ed;
    static JWKSet publicKeys;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ed = ed25519("ed-1");
        publicKeys = JwksFile.parse(jwks(rsa.toPublicJWK(), ed.toPublicJWK()), "test");
    }

    static String jwks(JWK... keys) {
        return json(Map.of("keys", java.util.Arrays.stream(keys).map(JWK::toJSONObject).toList()));
    }

    /** JWKS only: RS256 and EdDSA, no shared secret. */
    static TokenVerifier jwksVerifier() {
        return new TokenVerifier(new TokenVerifierSettings(Optional.empty(), Optional.of(publicKeys),
                Set.of(TokenAlgorithm.RS256, TokenAlgorithm.EDDSA, TokenAlgorithm.ED25519), TokenVerifierSettings.DEFAULT_CLOCK_SKEW,
                Optional.empty(), TokenVerifierSettings.DEFAULT_MAX_TOKEN_LIFETIME), CLOCK);
    }

    static String rs256(RSAKey key, String kid) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims().forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), builder.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** Ed25519 signed with the JDK directly, independent of {@link DevTokenIssuer}. */
    static String ed25519Token(OctetKeyPair key, Map<String, Object> header) throws Exception {
        String input = b64(json(header).getBytes(StandardCharsets.UTF_8)) + "." + b64(json(claims()).getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(Ed25519Keys.privateKey(key));
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signer.sign());
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = AuthFixtures.header(alg);
        header.put("kid", kid);
        return header;
    }

    @Test
    void rs256FromTheJwksVerifies() throws Exception {
        assertThat(jwksVerifier().verify(rs256(rsa, "rsa-1")).scope()).isEqualTo(SCOPE);
    }

    @Test
    void eddsaFromTheJwksVerifiesUnderEitherName() throws Exception {
        assertThat(jwksVerifier().verify(ed25519Token(ed, header("EdDSA", "ed-1"))).scope()).isEqualTo(SCOPE);
        assertThat(jwksVerifier().verify(ed25519Token(ed, header("Ed25519", "ed-1"))).scope()).isEqualTo(SCOPE);
    }

    @Test
    void aSignatureByAnotherKeyWithTheSameKidFails() throws Exception {
        rejected(jwksVerifier(), rs256(new RSAKeyGenerator(2048).generate(), "rsa-1"), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        rejected(jwksVerifier(), ed25519Token(ed25519("ed-1"), header("EdDSA", "ed-1")), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        // Algorithm confusion: an attacker HMACs with the RSA public key (as JSON, PEM-ish DER, raw modulus) hoping the
        // verifier uses "the key for this kid" as an HMAC secret. HS256 only ever uses the shared secret.
        List<byte[]> guesses = List.of(
                rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                rsa.toRSAPublicKey().getEncoded(),
                rsa.getModulus().decode());
        TokenVerifier withSecret = new TokenVerifier(TokenVerifierSettings.hs256(SECRET).withJwks(publicKeys), CLOCK);
        for (byte[] guess : guesses) {
            String token = hs256(header("HS256", "rsa-1"), claims(), guess);
            rejected(jwksVerifier(), token, ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
            rejected(withSecret, token, ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        }
        // And the same verifier still takes real tokens of both kinds.
        assertThat(withSecret.verify(hs256(claims())).scope()).isEqualTo(SCOPE);
        assertThat(withSecret.verify(rs256(rsa, "rsa-1")).scope()).isEqualTo(SCOPE);
    }

    @Test
    void anUnknownOrMissingKidIsRefused() throws Exception {
        rejected(jwksVerifier(), rs256(rsa, "rsa-2"), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        rejected(jwksVerifier(), ed25519Token(ed, AuthFixtures.header("EdDSA")), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
    }

    @Test
    void anAlgorithmMustFitTheKeyTypeOfTheKid() throws Exception {
        // An Ed25519 signature presented as RS256 for the Ed25519 kid, and as EdDSA for the RSA kid.
        rejected(jwksVerifier(), ed25519Token(ed, header("RS256", "ed-1")), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        rejected(jwksVerifier(), ed25519Token(ed, header("EdDSA", "rsa-1")), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
    }

    @Test
    void anAlgorithmMustMatchTheAlgTheJwkDeclares() throws Exception {
        RSAKey pinned = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID("rsa-ps").algorithm(JWSAlgorithm.PS256).build();
        TokenVerifier verifier = new TokenVerifier(TokenVerifierSettings.hs256(SECRET)
                .withJwks(JwksFile.parse(jwks(pinned), "test")), CLOCK);
        rejected(verifier, rs256(rsa, "rsa-ps"), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
    }

    @Test
    void anAlgorithmOffTheAllowListIsRefusedEvenWithAGoodSignature() throws Exception {
        TokenVerifier edOnly = new TokenVerifier(TokenVerifierSettings.hs256(SECRET).withJwks(publicKeys)
                .withAllowedAlgorithms(Set.of(TokenAlgorithm.EDDSA)), CLOCK);
        rejected(edOnly, rs256(rsa, "rsa-1"), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        rejected(edOnly, ed25519Token(ed, header("Ed25519", "ed-1")), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
        assertThat(edOnly.verify(ed25519Token(ed, header("EdDSA", "ed-1"))).scope()).isEqualTo(SCOPE);
    }

    @Test
    void jwksTokensWithoutAJwksAreRefused() throws Exception {
        TokenVerifier hmacOnly = new TokenVerifier(TokenVerifierSettings.hs256(SECRET)
                .withAllowedAlgorithms(Set.of(TokenAlgorithm.HS256, TokenAlgorithm.RS256)), CLOCK);
        rejected(hmacOnly, rs256(rsa, "rsa-1"), ReasonCode.DENIED_TOKEN_INVALID_SIGNATURE);
    }

    @Test
    void claimRulesApplyToJwksTokensToo() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("exp", NOW_S - 100);
        String input = b64(json(header("EdDSA", "ed-1")).getBytes(StandardCharsets.UTF_8)) + "." + b64(json(claims).getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(Ed25519Keys.privateKey(ed));
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        rejected(jwksVerifier(), input + "." + b64(signer.sign()), ReasonCode.DENIED_TOKEN_EXPIRED);
    }

    @Test
    void aJwksFileLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(rsa.toPublicJWK(), ed.toPublicJWK()));
        assertThat(JwksFile.load(file).getKeys()).extracting(JWK::getKeyID).containsExactly("rsa-1", "ed-1");
        assertThatThrownBy(() -> JwksFile.load(dir.resolve("missing.json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read JWKS file");
    }

    @Test
    void aJwksThatWouldWidenTrustIsRefusedAtLoad() throws Exception {
        var small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        var pair = small.generateKeyPair();
        RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("weak").build();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        OctetSequenceKey oct = new OctetSequenceKey.Builder(SECRET.getBytes(StandardCharsets.UTF_8)).keyID("oct").build();
        OctetKeyPair x25519 = new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(new byte[32])).keyID("x").build();
        RSAKey enc = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        RSAKey noKid = new RSAKey.Builder(rsa.toRSAPublicKey()).build();

        Map<String, String> cases = Map.of(
                jwks(rsa), "private key material",
                jwks(weak.toPublicJWK()), "1024-bit",
                jwks(ec.toPublicJWK()), "only RSA",
                jwks(oct), "RRS_AUTH_SIGNING_KEY",
                jwks(x25519), "only Ed25519",
                jwks(enc), "not a signature key",
                jwks(noKid), "needs a kid",
                jwks(rsa.toPublicJWK(), new RSAKey.Builder(rsa.toRSAPublicKey()).keyID("rsa-1").build()), "appears twice",
                "{\"keys\":[]}", "has no keys",
                "{not json", "not a valid JWK set");
        cases.forEach((json, message) -> assertThatThrownBy(() -> JwksFile.parse(json, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
        assertThat(pair.getPrivate()).isInstanceOf(RSAPrivateKey.class);
    }
}
