package io.rezilient.restore.service.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared test data: the spec's fixtures (§12), a fixed clock, and hand-built tokens for cases no issuer would mint. */
public final class AuthFixtures {
    static final Instant NOW = Instant.parse("2026-02-16T12:00:00Z");
    static final long NOW_S = NOW.getEpochSecond();
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SECRET = "test-signing-secret-shared-with-acp";
    static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev.service-now.com");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthFixtures() {
    }

    static TokenVerifier verifier() {
        return new TokenVerifier(TokenVerifierSettings.hs256(SECRET), CLOCK);
    }

    /** The ten claims the reference requires, as the auth control plane mints them. */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "rezilient-auth-control-plane");
        claims.put("sub", "client-acme-worker");
        claims.put("aud", "rezilient:rrs");
        claims.put("jti", "tok_abc123");
        claims.put("iat", NOW_S - 10);
        claims.put("exp", NOW_S + 290);
        claims.put("service_scope", "rrs");
        claims.put("tenant_id", SCOPE.tenantId());
        claims.put("instance_id", SCOPE.instanceId());
        claims.put("source", SCOPE.source());
        return claims;
    }

    static Map<String, Object> header(String alg) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        return header;
    }

    static String hs256(Map<String, Object> claims) {
        return hs256(header("HS256"), claims, SECRET.getBytes(StandardCharsets.UTF_8));
    }

    static String hs256(Map<String, Object> header, Map<String, Object> claims, byte[] key) {
        return hs256Raw(json(header), json(claims), key);
    }

    /** Signs raw JSON text, so tests can send payloads no JSON library would produce (duplicates, huge numbers). */
    static String hs256Raw(String headerJson, String payloadJson, byte[] key) {
        String input = b64(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + b64(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 key pair from the JDK, as a private JWK (nimbus's own generator needs Tink, which we do not ship). */
    public static OctetKeyPair ed25519(String kid) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] x = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            byte[] d = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d)).keyID(kid).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
