package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Verifying packages from files, as an auditor does with no server: every check, and every kind of tampering. */
class OfflineVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    record Written(Path dir, EvidenceKeyPair pair, VerifyingKey key) {
        OfflineVerifier.Report verify(OfflineVerifier.Keys keys) {
            return OfflineVerifier.verify(PackageFiles.read(dir), keys, NOW);
        }

        OfflineVerifier.Keys keyring() {
            return new OfflineVerifier.Keys(List.of(key), true);
        }
    }

    static Written writePackage(Path dir) throws Exception {
        EvidenceKeyPair pair = EvidenceAssemblerTest.ed25519();
        EvidenceAssemblerTest.Built built = EvidenceAssemblerTest.build(EvidenceKeyring.single("auditor-v1", pair),
                false);
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.set("evidence", built.evidence().evidence());
        record.set("verification", built.evidence().verification().toJson());
        record.put("manifest_sha256", built.evidence().manifestSha256());
        record.put("generated_at", IsoUtc.format(built.evidence().generatedAt()));
        record.set("manifest_payload", built.evidence().manifestPayload());
        Files.createDirectories(dir.resolve(PackageFiles.ARTIFACT_DIR));
        Files.writeString(dir.resolve(PackageFiles.RECORD_FILE), Json.write(record));
        for (Map.Entry<String, String> artifact : built.artifacts().entrySet()) {
            Files.writeString(dir.resolve(PackageFiles.ARTIFACT_DIR).resolve(artifact.getKey()), artifact.getValue(),
                    StandardCharsets.UTF_8);
        }
        return new Written(dir, pair, EvidenceAssemblerTest.retired("auditor-v1", pair));
    }

    private static OfflineVerifier.Check check(OfflineVerifier.Report report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anUntouchedDirectoryPassesEveryCheck(@TempDir Path dir) throws Exception {
        Written written = writePackage(dir);

        OfflineVerifier.Report report = written.verify(written.keyring());

        assertThat(report.checks()).extracting(OfflineVerifier.Check::name).containsExactly(
                "artifact execution.json", "artifact job-events.json", "artifact plan.json",
                "artifact rollback-journal.json", "report hash", "manifest hash", "signer key id", "signature");
        assertThat(report.checks()).allSatisfy(check -> assertThat(check.passed()).as(check.toString()).isTrue());
        assertThat(report.passed()).isTrue();
        assertThat(report.serviceVerdict().verified()).isTrue();
    }

    @Test
    void theSingleFileFormWithInlineArtifactsVerifiesToo(@TempDir Path dir) throws Exception {
        Written written = writePackage(dir.resolve("package"));
        ObjectNode record = (ObjectNode) Json.read(written.dir().resolve(PackageFiles.RECORD_FILE));
        ArrayNode artifacts = record.putArray("artifacts");
        for (String id : EvidenceArtifacts.IDS) {
            artifacts.addObject().put("artifact_id", id).put("canonical_json",
                    Files.readString(written.dir().resolve("artifacts").resolve(id), StandardCharsets.UTF_8));
        }
        Path file = Files.writeString(dir.resolve("package.json"), Json.write(record));

        OfflineVerifier.Report report = OfflineVerifier.verify(PackageFiles.read(file), written.keyring(), NOW);

        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @Test
    void anEditedArtifactFailsItsOwnCheckAndTheServiceVerdict(@TempDir Path dir) throws Exception {
        Written written = writePackage(dir);
        Path journal = dir.resolve("artifacts").resolve("rollback-journal.json");
        Files.writeString(journal, Files.readString(journal).replace("\"applied\"", "\"skipped\""));

        OfflineVerifier.Report report = written.verify(written.keyring());

        assertThat(check(report, "artifact rollback-journal.json").passed()).isFalse();
        assertThat(check(report, "artifact plan.json").passed()).isTrue();
        assertThat(report.passed()).isFalse();
        assertThat(report.serviceVerdict().reasonCode()).isEqualTo("failed_evidence_artifact_hash_mismatch");
    }

    @Test
    void aMissingOrAnExtraArtifactFails(@TempDir Path dir) throws Exception {
        Written written = writePackage(dir);
        Files.delete(dir.resolve("artifacts").resolve("job-events.json"));
        Files.writeString(dir.resolve("artifacts").resolve("notes.json"), "{}");

        OfflineVerifier.Report report = written.verify(written.keyring());

        assertThat(check(report, "artifact job-events.json").detail()).isEqualTo("missing from the package");
        assertThat(check(report, "artifact notes.json").detail()).contains("not listed");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void editedReportFieldsManifestHashOrSignatureEachFailTheirCheck(@TempDir Path dir) throws Exception {
        Written written = writePackage(dir);
        Path recordFile = dir.resolve(PackageFiles.RECORD_FILE);
        String original = Files.readString(recordFile);
        ObjectNode record = (ObjectNode) Json.parse(original);

        ((ObjectNode) record.path("evidence").path("execution_outcomes")).put("rows_applied", 1_000_000);
        Files.writeString(recordFile, Json.write(record));
        assertThat(check(written.verify(written.keyring()), "report hash").passed()).isFalse();

        record = (ObjectNode) Json.parse(original);
        record.put("manifest_sha256", "0".repeat(64));
        Files.writeString(recordFile, Json.write(record));
        OfflineVerifier.Report badManifest = written.verify(written.keyring());
        assertThat(check(badManifest, "manifest hash").passed()).isFalse();
        assertThat(badManifest.serviceVerdict().verified()).as("the reference does not cover it").isTrue();

        record = (ObjectNode) Json.parse(original);
        ((ObjectNode) record.path("manifest_payload")).put("report_hash", "f".repeat(64));
        Files.writeString(recordFile, Json.write(record));
        assertThat(check(written.verify(written.keyring()), "manifest hash").detail())
                .contains("manifest_payload differs");

        record = (ObjectNode) Json.parse(original);
        String signature = record.path("evidence").path("manifest_signature").path("signature").asText();
        ((ObjectNode) record.path("evidence").path("manifest_signature")).put("signature",
                (signature.startsWith("A") ? "B" : "A") + signature.substring(1));
        Files.writeString(recordFile, Json.write(record));
        OfflineVerifier.Report forged = written.verify(written.keyring());
        assertThat(check(forged, "signature").passed()).isFalse();
        assertThat(forged.serviceVerdict().reasonCode()).isEqualTo("failed_evidence_signature_verification");
    }

    @Test
    void anUnknownSignerKeyIdFailsWithAKeyringButNotWithALonePublicKey(@TempDir Path dir) throws Exception {
        Written written = writePackage(dir);
        VerifyingKey sameKeyOtherId = new VerifyingKey("someone-else", written.key().algorithm(),
                written.key().publicKey());

        OfflineVerifier.Report withKeyring = written.verify(new OfflineVerifier.Keys(List.of(sameKeyOtherId), true));
        OfflineVerifier.Report withPublicKey = written.verify(new OfflineVerifier.Keys(List.of(sameKeyOtherId),
                false));

        assertThat(check(withKeyring, "signer key id").passed()).isFalse();
        assertThat(check(withKeyring, "signature").passed()).as("the key itself still verifies").isTrue();
        assertThat(withKeyring.passed()).isFalse();
        assertThat(check(withPublicKey, "signer key id").detail()).contains("not checked");
        assertThat(withPublicKey.passed()).isTrue();
    }

    @Test
    void somethingThatIsNotAPackageIsRefusedClearly(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PackageFiles.read(dir)).hasMessageContaining("has no evidence.json");
        Path notJson = Files.writeString(dir.resolve("x.json"), "nope");
        assertThatThrownBy(() -> PackageFiles.read(notJson)).hasMessageContaining("is not a JSON evidence record");
        Path noEvidence = Files.writeString(dir.resolve("y.json"), "{\"a\": 1}");
        assertThatThrownBy(() -> PackageFiles.read(noEvidence)).hasMessageContaining("no evidence object");
        assertThatThrownBy(() -> PackageFiles.read(dir.resolve("missing")))
                .hasMessageContaining("neither an evidence package directory nor a file");
    }
}
