package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.service.evidence.SigningAlgorithm;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.config.ServiceSettings;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The restore service as the demo's stages use it: started in-process on loopback over the demo database and object
 * store, with the demo source registered and an operator token minted (HS256, {@code restore_execute}). Stages talk
 * to it over HTTP like any client; a refused call is printed with its status and body and answers {@code null}.
 */
final class DemoService implements AutoCloseable {
    static final String OPERATOR = "demo-operator";
    /**
     * A synthetic workload stops when capture ends and is sparse (a few hundred events a day per partition), so even
     * though it ends at the demo's start, a partition's newest event is minutes to hours old when the plan is made; a
     * live source keeps its partitions within the default 120 s. The demo says so rather than show every plan stale.
     */
    static final String DEMO_STALE_AFTER_SECONDS = "86400";
    static final ResourceScope SCOPE = new ResourceScope(DemoCommand.TENANT, DemoCommand.INSTANCE,
            DemoCommand.SOURCE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String EVIDENCE_SIGNER = "rez-demo-ed25519";

    private final PrintWriter out;
    private final ServiceRuntime runtime;
    private final int port;
    private final String token;
    private final Path tokenFile;
    private final Path evidenceKeyring;

    private DemoService(PrintWriter out, ServiceRuntime runtime, int port, String token, Path tokenFile,
                        Path evidenceKeyring) {
        this.out = out;
        this.runtime = runtime;
        this.port = port;
        this.token = token;
        this.tokenFile = tokenFile;
        this.evidenceKeyring = evidenceKeyring;
    }

    /**
     * Registers the demo source in {@code database}, starts the service on a free loopback port, mints the token
     * (also written to {@code demo/operator.token} for the {@code rez} commands) and keeps the evidence signer's
     * public key in {@code demo/evidence-keyring.json}, the file an auditor would be given.
     */
    static DemoService start(PrintWriter out, PgUrl database, Path objects, Path demo) {
        String signingSecret = randomHex();
        Path evidenceKeyring = demo.resolve("evidence-keyring.json");
        new PostgresSourceRegistry(database.dataSource()).add(SCOPE, List.of("rrs"), LifecycleState.ACTIVE,
                LifecycleState.ACTIVE, LifecycleState.ACTIVE, "rez-demo");
        // the service logs (request lines included) into the demo's log file, see DemoLogFile
        ServiceRuntime runtime = null;
        try {
            runtime = ServiceRuntime.open(ServiceSettings.fromEnv(serviceEnv(database, objects, signingSecret,
                    evidenceKeyring)));
            int port = runtime.start("127.0.0.1", 0);
            String token = DevTokenIssuer.hs256(signingSecret, Clock.systemUTC()).issue(TokenRequest.rrs(SCOPE,
                    OPERATOR, Optional.of(Set.of(Capability.RESTORE_EXECUTE, Capability.RESTORE_DELETE)),
                    Duration.ofMinutes(15)));
            Path tokenFile = demo.resolve("operator.token");
            Files.writeString(tokenFile, token + "\n");
            return new DemoService(out, runtime, port, token, tokenFile, evidenceKeyring);
        } catch (java.io.IOException failed) {
            runtime.close();
            throw new java.io.UncheckedIOException("cannot write the demo's token file", failed);
        } catch (RuntimeException failed) {
            if (runtime != null) {
                runtime.close();
            }
            throw failed;
        }
    }

    int port() {
        return port;
    }

    /** The operator token, as a file the {@code rez} commands read. */
    Path tokenFile() {
        return tokenFile;
    }

    /** The evidence signer's public key, as a signer keyring file. */
    Path evidenceKeyring() {
        return evidenceKeyring;
    }

    /** The agent's view of the service: the same token, the agent's HTTP client. */
    RestoreServiceClient client() {
        return new RestoreServiceClient(URI.create("http://127.0.0.1:" + port), () -> token);
    }

    /** {@code POST path} with a JSON body; the parsed answer, or {@code null} (printed) when refused. */
    JsonNode post(String path, ObjectNode body) {
        return send("POST", path, request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    /** {@code GET path}; the parsed answer, or {@code null} (printed) when refused. */
    JsonNode get(String path) {
        return send("GET", path, request(path).GET().build());
    }

    @Override
    public void close() {
        runtime.close();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(String method, String path, HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                out.println(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
                return null;
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("calling the demo's restore service failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the demo's restore service", e);
        }
    }

    /** The service's required settings, with throwaway secrets and evidence keys for this run only. */
    static Map<String, String> serviceEnv(PgUrl database, Path objects, String signingSecret) {
        return serviceEnv(database, objects, signingSecret, ed25519());
    }

    /**
     * As {@link #serviceEnv(PgUrl, Path, String)}, with the evidence key's public half written to
     * {@code evidenceKeyring} as a signer keyring (its private half is only in the settings).
     */
    static Map<String, String> serviceEnv(PgUrl database, Path objects, String signingSecret, Path evidenceKeyring) {
        KeyPair evidence = ed25519();
        SignerKeyringFile.write(evidenceKeyring, List.of(new SignerKeyringFile.Entry(EVIDENCE_SIGNER,
                SigningAlgorithm.ED25519, EvidenceKeyPair.pem(evidence.getPublic()), true,
                java.time.Instant.now(), Optional.empty())));
        Map<String, String> env = serviceEnv(database, objects, signingSecret, evidence);
        env.put("RRS_EVIDENCE_SIGNER_KEY_ID", EVIDENCE_SIGNER);
        env.put("RRS_EVIDENCE_KEYRING_FILE", evidenceKeyring.toString());
        return env;
    }

    private static Map<String, String> serviceEnv(PgUrl database, Path objects, String signingSecret,
                                                  KeyPair evidence) {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_OBJECT_STORE_ROOT", objects.toString());
        env.put("RRS_AUTH_SIGNING_KEY", signingSecret);
        env.put("RRS_ADMIN_TOKEN", randomHex());
        env.put("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", DEMO_STALE_AFTER_SECONDS);
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", EvidenceKeyPair.pem(evidence.getPrivate()));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", EvidenceKeyPair.pem(evidence.getPublic()));
        return env;
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime since 15 provides Ed25519", impossible);
        }
    }

    /** 24 random bytes as hex: throwaway secrets, and (cut short) the demo's plan ids. */
    static String randomHex() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
