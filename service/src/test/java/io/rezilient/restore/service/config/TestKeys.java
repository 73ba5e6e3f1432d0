package io.rezilient.restore.service.config;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Key pairs as PEM text, and a minimal valid service environment built on them. */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String privatePem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    public static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The tests' static admin token ({@code RRS_ADMIN_TOKEN}). */
    public static final String ADMIN_TOKEN = "admin-secret-token";

    /** The tests' HS256 secret: 32 bytes or more, as the service requires (RFC 7518 §3.2). */
    public static final String HS256_SECRET = "hs256-shared-secret-of-32-bytes-or-more";

    /** Every required variable with valid values; the object store is a filesystem root. */
    public static Map<String, String> minimalEnv(String pgUrl, String objectRoot) {
        KeyPair pair = generate("Ed25519", 0);
        Map<String, String> env = new HashMap<>();
        env.put("RRS_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("RRS_AUTH_SIGNING_KEY", HS256_SECRET);
        env.put("REZ_RESTORE_PG_URL", pgUrl);
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", privatePem(pair));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", publicPem(pair));
        env.put("REZ_OBJECT_STORE_ROOT", objectRoot);
        // no background evidence rounds: a test decides when missing packages and copies are made
        env.put("RRS_EVIDENCE_COPY_INTERVAL_SECONDS", "0");
        return env;
    }
}
