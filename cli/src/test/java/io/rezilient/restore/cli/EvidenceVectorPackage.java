package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.service.evidence.PackageFiles;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.service.evidence.SigningAlgorithm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real signed evidence package for the report's tests: the reference vector's export case with conflicts, delete
 * decisions, a failed row and attachments ({@code evidence.json}, {@value #CASE}), written in either of the two forms
 * {@link PackageFiles} reads, with the vector's signer key as a PEM file or a keyring.
 */
final class EvidenceVectorPackage {
    static final String CASE = "export_failed_with_conflicts_deletes_media";
    static final String SIGNER_KEY_ID = "rrs-signer-2026-01";

    private EvidenceVectorPackage() {
    }

    private static JsonNode vectors() {
        return Json.read(ConformanceCommandTest.VECTORS.resolve("evidence.json"));
    }

    /** The vector's complete record: evidence, verification, manifest and the artifacts inline. */
    static ObjectNode record() {
        for (JsonNode testCase : vectors().path("cases")) {
            if (CASE.equals(testCase.path("name").asText())) {
                return (ObjectNode) testCase.path("expected").path("record").deepCopy();
            }
        }
        throw new IllegalStateException("the evidence vectors have no case " + CASE);
    }

    /** Each artifact's canonical JSON by artifact id, in the record's order. */
    static Map<String, String> artifacts() {
        Map<String, String> artifacts = new LinkedHashMap<>();
        record().path("artifacts").forEach(artifact -> artifacts.put(artifact.path("artifact_id").asText(),
                artifact.path("canonical_json").asText()));
        return artifacts;
    }

    /** An artifact parsed, to edit or to compute what the report should show. */
    static ObjectNode artifact(String artifactId) {
        return (ObjectNode) Json.parse(artifacts().get(artifactId));
    }

    /** The single-file form: the record with its artifacts inline. */
    static Path writeFile(Path file) throws IOException {
        return Files.writeString(file, Json.write(record()), StandardCharsets.UTF_8);
    }

    /** The directory form, untouched. */
    static Path writeDirectory(Path dir) throws IOException {
        return writeDirectory(dir, artifacts());
    }

    /** The directory form with these artifact texts (edit one to tamper with the package). */
    static Path writeDirectory(Path dir, Map<String, String> artifacts) throws IOException {
        ObjectNode record = record();
        record.remove("artifacts");
        Path artifactDir = Files.createDirectories(dir.resolve(PackageFiles.ARTIFACT_DIR));
        Files.writeString(dir.resolve(PackageFiles.RECORD_FILE), Json.write(record), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> artifact : artifacts.entrySet()) {
            Files.writeString(artifactDir.resolve(artifact.getKey()), artifact.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    static String publicKeyPem() {
        return vectors().path("signing_keys").path("signer_public_key_pem").asText();
    }

    static Path writePublicKey(Path file) throws IOException {
        return Files.writeString(file, publicKeyPem(), StandardCharsets.US_ASCII);
    }

    /** A signer keyring holding the vector's signer key under its id. */
    static Path writeKeyring(Path file) {
        SignerKeyringFile.write(file, List.of(new SignerKeyringFile.Entry(SIGNER_KEY_ID, SigningAlgorithm.ED25519,
                publicKeyPem(), true, Instant.parse("2026-01-01T00:00:00Z"), Optional.empty())));
        return file;
    }
}
