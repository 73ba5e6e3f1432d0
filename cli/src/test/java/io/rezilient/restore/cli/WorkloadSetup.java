package io.rezilient.restore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests of this module share to stand a workload up: indexing a captured object store once with
 * the real indexer, and the restore service's environment with throwaway secrets and evidence keys.
 */
final class WorkloadSetup {
    private WorkloadSetup() {
    }

    /** Indexes {@code objects} (capture's default prefix) into {@code pgUrl} until caught up, as `rez indexer once`. */
    static void indexOnce(String pgUrl, Path objects, String source, String scopeId, String generationId,
                          String cursorMode) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REZ_RESTORE_PG_URL", pgUrl);
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", objects.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rez/restore-artifacts");
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", generationId);
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", scopeId);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", source);
        if (cursorMode != null) {
            env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", cursorMode);
        }
        StringWriter output = new StringWriter();
        CommandLine indexer = new CommandLine(new IndexerCommand(() -> env));
        indexer.setOut(new PrintWriter(output, true));
        indexer.setErr(new PrintWriter(output, true));
        assertThat(indexer.execute("once")).as(output.toString()).isZero();
    }

    /**
     * The restore service's settings for {@code pgUrl} and {@code objects}: HS256 {@code secret}, an admin token, a
     * fresh Ed25519 evidence key pair, then {@code extra} (which may override any of them).
     */
    static Map<String, String> serviceEnv(String pgUrl, Path objects, String secret, Map<String, String> extra) {
        KeyPair evidence;
        try {
            evidence = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REZ_RESTORE_PG_URL", pgUrl);
        env.put("REZ_OBJECT_STORE_ROOT", objects.toString());
        env.put("RRS_AUTH_SIGNING_KEY", secret);
        env.put("RRS_ADMIN_TOKEN", "end-to-end-test-admin-token");
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", evidence.getPrivate().getEncoded()));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", evidence.getPublic().getEncoded()));
        env.putAll(extra);
        return env;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
