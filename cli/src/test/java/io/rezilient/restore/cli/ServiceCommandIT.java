package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rez service run} as an operator runs it: a separate JVM that prints where it listens, answers
 * {@code /v1/health}, logs JSON lines with the request id, and exits cleanly on SIGTERM.
 */
class ServiceCommandIT {
    private static final Pattern LISTENING = Pattern.compile("restore service listening on http://0\\.0\\.0\\.0:(\\d+)");
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("ServiceCommandIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void runServesHealthAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path log = dir.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the production logging configuration, not the test one that shadows it on the test class path
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), Rez.class.getName(), "service", "run"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", "0");
        builder.environment().put("RRS_ADMIN_TOKEN", "admin-token");
        builder.environment().put("RRS_AUTH_SIGNING_KEY", "it-hs256-signing-key-0123456789abcdef");
        builder.environment().put("REZ_RESTORE_PG_URL", db.jdbcUrl());
        builder.environment().put("REZ_OBJECT_STORE_ROOT", dir.resolve("objects").toString());
        builder.environment().put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        builder.environment().put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        Process service = builder.start();
        try {
            int port = awaitPort(service, log);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/health")).header("x-request-id", "it-req-1")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"ok\":true}");

            service.destroy(); // SIGTERM
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        } finally {
            service.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(service.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("restore service stopping")
                .contains("\"request_id\":\"it-req-1\"")
                .contains("restore service configuration")
                .contains("RRS_AUTH_EXPECTED_ISSUER is not set: tokens of any issuer signed with a trusted key are "
                        + "accepted")
                .doesNotContain("admin-token", "it-hs256-signing-key", "BEGIN PRIVATE KEY");
    }

    /** Polls the log (bounded) until the service says where it listens. */
    private static int awaitPort(Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            Matcher matcher = LISTENING.matcher(output);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            assertThat(service.isAlive()).as("service died early: %s", output).isTrue();
            assertThat(System.nanoTime()).as("service started in time: %s", output).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }
}
