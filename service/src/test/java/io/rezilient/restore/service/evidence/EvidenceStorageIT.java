package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.objectstore.s3.S3ProxyServer;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.execute.ExecutionScenario;
import io.rezilient.restore.service.execute.ExecutionScenario.Running;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.rezilient.restore.service.execute.ExecutionScenario.EXECUTE;
import static io.rezilient.restore.service.execute.ExecutionScenario.body;
import static io.rezilient.restore.service.execute.ExecutionScenario.claimBody;
import static io.rezilient.restore.service.execute.ExecutionScenario.commitAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence packages copied to the object store (issue item 3): the copy is a package that verifies on its own; with
 * {@code RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED=true} it is written once — conditional creates on a filesystem and on
 * the S3-compatible test server — and the signed block says so; a copy that cannot be made stays pending and is made
 * later; an object already at a package's key with other bytes is never replaced.
 */
class EvidenceStorageIT {
    private static final KeyPair SIGNER = EvidenceAssemblerTest.ed25519Pair();
    private static Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        // the background copier is off here, so each test decides when pending copies are made
        service = Service.start("EvidenceStorageIT", work.resolve("objects"), env -> signed(env, false));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
            service.db().close();
        }
    }

    private static Map<String, String> signed(Map<String, String> env, boolean worm) {
        env.put("RRS_EVIDENCE_SIGNER_KEY_ID", "storage-test-v1");
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", io.rezilient.restore.service.config.TestKeys.privatePem(SIGNER));
        env.remove("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM");
        env.put("RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED", Boolean.toString(worm));
        env.put("RRS_EVIDENCE_COPY_INTERVAL_SECONDS", "0");
        return env;
    }

    private static OfflineVerifier.Keys keys() {
        return new OfflineVerifier.Keys(List.of(new VerifyingKey("storage-test-v1", SigningAlgorithm.ED25519,
                SIGNER.getPublic())), true);
    }

    private record Completed(Running job, JsonNode read) {
    }

    private static Completed complete(Service on, int records) throws Exception {
        Running job = ExecutionScenario.running(on, records);
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(records));
        Answer commit = job.post("/execute-batches/commit", EXECUTE, commitAll(claim.json()));
        assertThat(commit.json().path("execution_status").asText()).isEqualTo("completed");
        Answer read = job.get("/evidence");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        return new Completed(job, read.json());
    }

    @Test
    void theCopyInTheStoreIsAPackageThatVerifiesOnItsOwn() throws Exception {
        JsonNode read = complete(service, 3).read();

        JsonNode storage = read.path("storage");
        assertThat(storage.path("stored_at").isTextual()).as(read.toString()).isTrue();
        assertThat(storage.path("immutability").asText()).as("WORM is off").isEqualTo("none");
        assertThat(read.path("evidence").path("immutable_storage").path("worm_enabled").asBoolean(true)).isFalse();
        Path copy = work.resolve("objects").resolve(storage.path("key_prefix").asText());
        assertThat(copy.resolve("evidence.json")).exists();
        OfflineVerifier.Report report = OfflineVerifier.verify(PackageFiles.read(copy), keys(),
                service.clock().instant());
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @Test
    void withWormAPendingCopyIsMadeLaterAndNeverReplacesOtherBytes(@TempDir Path objects) throws Exception {
        try (Service worm = Service.on(service.db(), objects, env -> signed(env, true))) {
            // a file where the evidence directory belongs: the copy cannot be made when the package is generated
            Path blocker = Files.writeString(objects.resolve("evidence"), "not a directory");
            Completed done = complete(worm, 2);
            JsonNode read = done.read();
            assertThat(read.path("evidence").path("immutable_storage").path("worm_enabled").asBoolean()).isTrue();
            assertThat(read.path("storage").path("stored_at").isNull()).as(read.toString()).isTrue();

            Files.delete(blocker);
            JsonNode evidence = read.path("evidence");
            String prefix = EvidenceArchive.prefix(done.job().plans().scope().tenantId(),
                    evidence.path("job_id").asText(), evidence.path("evidence_id").asText());
            Path squatter = objects.resolve(prefix + "artifacts/plan.json");
            Files.createDirectories(squatter.getParent());
            Files.writeString(squatter, "{\"someone\": \"else\"}");

            assertThat(worm.runtime().evidenceArchive().storePending(10)).isZero();
            assertThat(Files.readString(squatter)).as("never replaced").isEqualTo("{\"someone\": \"else\"}");

            Files.delete(squatter);
            assertThat(worm.runtime().evidenceArchive().storePending(10)).isEqualTo(1);
            JsonNode stored = done.job().get("/evidence").json();
            assertThat(stored.path("storage").path("immutability").asText())
                    .isEqualTo("conditional_create (write-once)");
            assertThat(OfflineVerifier.verify(PackageFiles.read(objects.resolve(prefix)), keys(),
                    worm.clock().instant()).passed()).isTrue();
        }
    }

    @Test
    void withWormOnTheS3CompatibleServerEveryObjectIsACreateThatCannotBeRepeated(@TempDir Path unused)
            throws Exception {
        S3ProxyServer s3 = S3ProxyServer.start();
        try {
            String bucket = s3.newBucket();
            UnaryOperator<Map<String, String>> onS3 = env -> signed(Service.onS3(env, s3, bucket), true);
            try (Service worm = Service.on(service.db(), unused, onS3)) {
                JsonNode read = complete(worm, 2).read();

                assertThat(read.path("evidence").path("immutable_storage").path("worm_enabled").asBoolean())
                        .isTrue();
                assertThat(read.path("storage").path("immutability").asText())
                        .isEqualTo("conditional_create (write-once)");
                String prefix = read.path("storage").path("key_prefix").asText();
                assertThat(worm.runtime().objectStore().listAll(prefix, 10)).containsExactly(
                        prefix + "artifacts/execution.json", prefix + "artifacts/job-events.json",
                        prefix + "artifacts/plan.json", prefix + "artifacts/rollback-journal.json",
                        prefix + "evidence.json");
                byte[] forged = "{}".getBytes(StandardCharsets.UTF_8);
                assertThat(worm.runtime().objectStore().create(prefix + "evidence.json",
                        () -> new ByteArrayInputStream(forged), forged.length, null, Optional.empty())).isFalse();
                assertThat(new String(worm.runtime().objectStore().get(prefix + "evidence.json").orElseThrow(),
                        StandardCharsets.UTF_8)).contains(read.path("evidence").path("report_hash").asText());
                assertThat(worm.runtime().objectStore().listAll("evidence/.immutability-probe", 10))
                        .as("the start-up probe cleans up").isEmpty();
            }
        } finally {
            s3.stop();
        }
    }

    @Test
    void theServiceDerivedThePublicKeyFromThePrivateOne() {
        EvidenceKeyPair keys = service.runtime().settings().evidence().keys();
        assertThat(keys.publicKey()).isEqualTo(SIGNER.getPublic());
    }
}
