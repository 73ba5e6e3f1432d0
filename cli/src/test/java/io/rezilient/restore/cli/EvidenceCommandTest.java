package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rez evidence verify} and {@code rez evidence keys} as an auditor and an operator run them, with no server:
 * packages are the reference's own export records from the conformance vectors (artifacts inline).
 */
class EvidenceCommandTest {
    private static final Path VECTORS = ConformanceCommandTest.VECTORS.resolve("evidence.json");

    /** The reference's export record of a case, as a package file, and its signer's public key as a PEM file. */
    private static Path[] referencePackage(Path dir, String caseName) throws Exception {
        JsonNode vectors = Json.read(VECTORS);
        for (JsonNode vectorCase : vectors.path("cases")) {
            if (vectorCase.path("name").asText().equals(caseName)) {
                Path record = Files.writeString(dir.resolve(caseName + ".json"),
                        Json.write(vectorCase.path("expected").path("record")));
                Path publicKey = Files.writeString(dir.resolve("signer.pub.pem"),
                        vectors.path("signing_keys").path("signer_public_key_pem").asText());
                return new Path[] {record, publicKey};
            }
        }
        throw new IllegalStateException("no case " + caseName);
    }

    @Test
    void theReferencesOwnPackageVerifiesOfflineCheckByCheck(@TempDir Path dir) throws Exception {
        Path[] files = referencePackage(dir, "export_failed_with_conflicts_deletes_media");

        ConformanceCommandTest.Run run = rez("evidence", "verify", files[0].toString(), "--public-key",
                files[1].toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.lines()).filteredOn(line -> line.startsWith("PASS")).extracting(line -> line.split(":")[0])
                .containsExactly("PASS  artifact execution.json", "PASS  artifact job-events.json",
                        "PASS  artifact plan.json", "PASS  artifact rollback-journal.json", "PASS  report hash",
                        "PASS  manifest hash", "PASS  signer key id", "PASS  signature");
        assertThat(run.output()).contains("service-spec §7 verdict: verified (reason_code none)")
                .contains("VERIFIED: all 8 checks passed");
    }

    @Test
    void aTamperedPackageFailsWithTheBrokenCheckNamed(@TempDir Path dir) throws Exception {
        Path[] files = referencePackage(dir, "export_single_row_column_scope");
        ObjectNode record = (ObjectNode) Json.read(files[0]);
        ObjectNode plan = (ObjectNode) record.path("artifacts").get(2);
        assertThat(plan.path("artifact_id").asText()).isEqualTo("plan.json");
        plan.put("canonical_json", plan.path("canonical_json").asText().replace("active=true", "active=false"));
        Files.writeString(files[0], Json.write(record));

        ConformanceCommandTest.Run run = rez("evidence", "verify", files[0].toString(), "--public-key",
                files[1].toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("FAIL  artifact plan.json")
                .contains("service-spec §7 verdict: verification_failed (reason_code"
                        + " failed_evidence_artifact_hash_mismatch)")
                .contains("NOT VERIFIED: 1 of 8 checks failed");
    }

    @Test
    void withoutKeysOrWithUnreadableInputVerifyExitsTwoAndSaysWhy(@TempDir Path dir) throws Exception {
        Path[] files = referencePackage(dir, "export_single_row_column_scope");

        ConformanceCommandTest.Run noKeys = rez("evidence", "verify", files[0].toString());
        ConformanceCommandTest.Run both = rez("evidence", "verify", files[0].toString(), "--public-key",
                files[1].toString(), "--keyring", files[1].toString());
        ConformanceCommandTest.Run notAPackage = rez("evidence", "verify", dir.toString(), "--public-key",
                files[1].toString());

        assertThat(noKeys.exitCode()).isEqualTo(2);
        assertThat(noKeys.output()).contains("give the signer's public key (--public-key PEM-FILE) or a signer"
                + " keyring (--keyring FILE)");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).contains("give --public-key or --keyring, not both");
        assertThat(notAPackage.exitCode()).isEqualTo(2);
        assertThat(notAPackage.output()).contains("has no evidence.json");
    }

    @Test
    void keysAreGeneratedRotatedTwiceAndListedAndEveryKeyStaysInTheKeyring(@TempDir Path dir) throws Exception {
        Path keyring = dir.resolve("signers.json");

        ConformanceCommandTest.Run generated = rez("evidence", "keys", "generate", "--key-id", "rrs-v1",
                "--private-key-out", dir.resolve("v1.pem").toString(), "--keyring", keyring.toString());
        ConformanceCommandTest.Run again = rez("evidence", "keys", "generate", "--key-id", "rrs-v1b",
                "--private-key-out", dir.resolve("v1b.pem").toString(), "--keyring", keyring.toString());
        ConformanceCommandTest.Run rotated = rez("evidence", "keys", "rotate", "--key-id", "rrs-v2", "--algorithm",
                "rsa-pss-sha256", "--private-key-out", dir.resolve("v2.pem").toString(), "--keyring",
                keyring.toString());
        ConformanceCommandTest.Run reused = rez("evidence", "keys", "rotate", "--key-id", "rrs-v3",
                "--private-key-out", dir.resolve("v2.pem").toString(), "--keyring", keyring.toString());
        ConformanceCommandTest.Run third = rez("evidence", "keys", "rotate", "--key-id", "rrs-v3",
                "--private-key-out", dir.resolve("v3.pem").toString(), "--keyring", keyring.toString());
        ConformanceCommandTest.Run listed = rez("evidence", "keys", "list", "--keyring", keyring.toString());

        assertThat(generated.exitCode()).as(generated.output()).isZero();
        assertThat(generated.output()).contains("RRS_EVIDENCE_SIGNER_KEY_ID=rrs-v1")
                .contains("RRS_EVIDENCE_KEYRING_FILE=" + keyring);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.output()).contains("already has an active key (rrs-v1); use rez evidence keys rotate");
        assertThat(rotated.exitCode()).as(rotated.output()).isZero();
        assertThat(rotated.output()).contains("retired rrs-v1; created rsa-pss-sha256 signing key rrs-v2");
        assertThat(reused.exitCode()).isEqualTo(2);
        assertThat(reused.output()).contains("a private key is never overwritten");
        assertThat(third.exitCode()).as(third.output()).isZero();

        List<SignerKeyringFile.Entry> entries = SignerKeyringFile.read(keyring);
        assertThat(entries).extracting(SignerKeyringFile.Entry::keyId).containsExactly("rrs-v1", "rrs-v2", "rrs-v3");
        assertThat(entries).extracting(SignerKeyringFile.Entry::active).containsExactly(false, false, true);
        assertThat(entries.get(0).retiredAt()).isPresent();
        for (String name : List.of("v1", "v2", "v3")) {
            Path privateKey = dir.resolve(name + ".pem");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
                    .isEqualTo("rw-------");
            EvidenceKeyPair pair = EvidenceKeyPair.parse(Files.readString(privateKey), null);
            assertThat(entries.stream().filter(entry -> entry.keyId().equals("rrs-" + name)).findFirst()
                    .orElseThrow().verifyingKey().publicKey()).isEqualTo(pair.publicKey());
        }
        assertThat(Files.readString(keyring)).doesNotContain("PRIVATE KEY");
        assertThat(listed.lines().get(0)).startsWith("SIGNER_KEY_ID");
        assertThat(listed.lines()).filteredOn(line -> line.startsWith("rrs-")).extracting(line -> line.split("\\s+")[2])
                .containsExactly("retired", "retired", "active");
    }

    @Test
    void aKeyringThatDoesNotKnowTheSignerFailsTheKeyIdCheck(@TempDir Path dir) throws Exception {
        Path[] files = referencePackage(dir, "export_single_row_column_scope");
        Path keyring = dir.resolve("signers.json");
        assertThat(rez("evidence", "keys", "generate", "--key-id", "someone-else", "--private-key-out",
                dir.resolve("k.pem").toString(), "--keyring", keyring.toString()).exitCode()).isZero();

        ConformanceCommandTest.Run run = rez("evidence", "verify", files[0].toString(), "--keyring",
                keyring.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("FAIL  signer key id: rrs-signer-2026-01 is not in the keyring")
                .contains("FAIL  signature");
    }
}
