package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.config.TestKeys;
import io.rezilient.restore.service.execute.ExecutionScenario;
import io.rezilient.restore.service.execute.ExecutionScenario.Running;
import io.rezilient.restore.service.plans.PlanScenario.Answer;
import io.rezilient.restore.service.plans.PlanScenario.Service;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.rezilient.restore.service.execute.ExecutionScenario.EXECUTE;
import static io.rezilient.restore.service.execute.ExecutionScenario.body;
import static io.rezilient.restore.service.execute.ExecutionScenario.claimBody;
import static io.rezilient.restore.service.execute.ExecutionScenario.commitAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's "Evidence Signing Key Rotation" against restarted services on one database: after two rotations
 * (Ed25519 → RSA-PSS → Ed25519) a canary package names the new key, and every older package still verifies from its
 * stored artifacts with the keyring — which the reference's single key could not do.
 */
class EvidenceKeyRotationIT {
    @TempDir
    Path work;

    private record Signer(String keyId, KeyPair pair) {
        SignerKeyringFile.Entry entry(boolean active) {
            return new SignerKeyringFile.Entry(keyId, SigningAlgorithm.of(
                    io.rezilient.restore.service.config.EvidenceKeyPair.Algorithm.of(pair.getPublic())),
                    TestKeys.publicPem(pair), active, Instant.parse("2026-01-01T00:00:00Z"), Optional.empty());
        }
    }

    /** A service on {@code db} signing with {@code active}, its keyring listing {@code retired} and then it. */
    private Service serviceSignedBy(TestDatabase db, Signer active, List<Signer> retired) {
        Path keyring = work.resolve("keyring-" + active.keyId() + ".json");
        List<SignerKeyringFile.Entry> entries = new ArrayList<>();
        retired.forEach(signer -> entries.add(signer.entry(false)));
        entries.add(active.entry(true));
        SignerKeyringFile.write(keyring, entries);
        return Service.on(db, work.resolve("objects"), (Map<String, String> env) -> {
            env.put("RRS_EVIDENCE_SIGNER_KEY_ID", active.keyId());
            env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", TestKeys.privatePem(active.pair()));
            env.remove("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM");
            env.put("RRS_EVIDENCE_KEYRING_FILE", keyring.toString());
            return env;
        });
    }

    private static Running completedJob(Service service) throws Exception {
        Running job = ExecutionScenario.running(service, 2);
        assertThat(job.post("/execution", EXECUTE, body()).status()).isEqualTo(202);
        Answer claim = job.post("/execute-batches/claim", EXECUTE, claimBody(2));
        Answer commit = job.post("/execute-batches/commit", EXECUTE, commitAll(claim.json()));
        assertThat(commit.json().path("evidence").path("signature_verification").asText()).isEqualTo("verified");
        return job;
    }

    private static JsonNode reverify(Running job) throws Exception {
        return job.post("/evidence/verify", EXECUTE, body()).json().path("verification");
    }

    @Test
    void olderPackagesStillVerifyAfterTwoRotationsAndTheCanaryNamesTheNewKey() throws Exception {
        Signer first = new Signer("rrs-ed25519-2025", TestKeys.generate("Ed25519", 0));
        Signer second = new Signer("rrs-rsa-2026", TestKeys.generate("RSA", 2048));
        Signer third = new Signer("rrs-ed25519-2027", TestKeys.generate("Ed25519", 0));
        try (TestDatabase db = TestDatabases.createMigrated("EvidenceKeyRotationIT")) {
            Running signedFirst;
            try (Service service = serviceSignedBy(db, first, List.of())) {
                signedFirst = completedJob(service);
            }
            Running signedSecond;
            try (Service service = serviceSignedBy(db, second, List.of(first))) {
                signedSecond = completedJob(service);
                assertThat(reverify(signedFirst.on(service)).path("signature_verification").asText())
                        .isEqualTo("verified");
            }
            try (Service service = serviceSignedBy(db, third, List.of(first, second))) {
                Running canary = completedJob(service);
                JsonNode canaryEvidence = canary.get("/evidence").json().path("evidence");
                assertThat(canaryEvidence.path("manifest_signature").path("signer_key_id").asText())
                        .isEqualTo("rrs-ed25519-2027");
                for (Running older : List.of(signedFirst, signedSecond)) {
                    JsonNode verification = reverify(older.on(service));
                    assertThat(verification.path("signature_verification").asText()).as(verification.toString())
                            .isEqualTo("verified");
                }
                assertThat(signedSecond.on(service).get("/evidence").json().path("evidence")
                        .path("manifest_signature").path("signature_algorithm").asText()).isEqualTo("rsa-pss-sha256");
            }
            try (Service withoutKeyring = Service.on(db, work.resolve("objects"), env -> {
                env.put("RRS_EVIDENCE_SIGNER_KEY_ID", third.keyId());
                env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", TestKeys.privatePem(third.pair()));
                env.remove("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM");
                return env;
            })) {
                assertThat(reverify(signedFirst.on(withoutKeyring)).path("reason_code").asText())
                        .as("one key, as the reference has: a rotation breaks older packages")
                        .isEqualTo("failed_evidence_signature_verification");
            }
        }
    }
}
