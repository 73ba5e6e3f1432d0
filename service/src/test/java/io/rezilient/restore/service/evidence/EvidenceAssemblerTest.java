package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.CanonicalJsonStream;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.json.JsStrings;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Building, signing and verifying packages outside the vectors: every kind of tampering is caught with its reason
 * code, RSA-PSS signs as well as Ed25519, streamed artifacts hash like in-memory ones, and rotated keys keep older
 * packages verifiable.
 */
class EvidenceAssemblerTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir", "../../shared"), "conformance",
            "vectors", "evidence.json");
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    record Built(EvidencePackage evidence, Map<String, String> artifacts) {
        List<ArtifactHash> recomputed() {
            List<ArtifactHash> hashes = new ArrayList<>();
            artifacts.forEach((id, text) -> hashes.add(hash(id, text)));
            return hashes;
        }
    }

    static ArtifactHash hash(String id, String text) {
        ArtifactDigest digest = new ArtifactDigest(id, bytes -> { });
        byte[] utf8 = JsStrings.utf8(text);
        digest.acceptBytes(utf8, 0, utf8.length);
        return digest.finish();
    }

    /** A fresh Ed25519 pair (for a test's signer). */
    static KeyPair ed25519Pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException impossible) {
            throw new IllegalStateException("every Java runtime since 15 provides Ed25519", impossible);
        }
    }

    static EvidenceKeyPair ed25519() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new EvidenceKeyPair(EvidenceKeyPair.Algorithm.ED25519, pair.getPrivate(), pair.getPublic());
    }

    static EvidenceKeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        return new EvidenceKeyPair(EvidenceKeyPair.Algorithm.RSA, pair.getPrivate(), pair.getPublic());
    }

    /** The inputs of the vectors' multi-row export case, which has conflicts, deletes and media. */
    static JsonNode exportInput() {
        for (JsonNode vectorCase : Json.read(VECTORS).path("cases")) {
            if (vectorCase.path("name").asText().equals("export_failed_with_conflicts_deletes_media")) {
                return vectorCase.path("input");
            }
        }
        throw new IllegalStateException("export case missing from " + VECTORS);
    }

    static List<ArtifactDocument> documents(JsonNode input, boolean streamRows) {
        JsonNode plan = input.path("plan");
        JsonNode journal = input.path("rollback_journal");
        JsonNode hashInput = plan.path("plan_hash_input");
        if (streamRows) {
            ObjectNode streamed = hashInput.deepCopy();
            ArrayNode rows = (ArrayNode) hashInput.path("rows");
            streamed.set("rows", CanonicalJsonStream.streamed(rows::forEach));
            hashInput = streamed;
        }
        return EvidenceArtifacts.documents(input.path("execution"), input.path("job_events"), plan.path("plan"),
                hashInput, plan.path("gate"), plan.path("delete_candidates"), plan.path("media_candidates"),
                plan.path("pit_resolutions"), plan.path("watermarks"), journal.path("journal_entries"),
                journal.path("sn_mirror_entries"));
    }

    static Built build(EvidenceKeyring keyring, boolean streamRows) {
        JsonNode input = exportInput();
        JsonNode plan = input.path("plan");
        EvidenceSubject subject = new EvidenceSubject(input.path("job").path("job_id").asText(),
                input.path("job").path("plan_hash").asText(), plan.path("plan"),
                plan.path("plan_hash_input").path("rows").size(), plan.path("delete_candidates"),
                input.path("execution"));
        Map<String, ByteArrayOutputStream> kept = new LinkedHashMap<>();
        EvidencePackage evidence = new EvidenceAssembler(keyring, new ImmutableStorage(true, "compliance-7y"))
                .assemble(subject, documents(input, streamRows),
                        id -> kept.computeIfAbsent(id, any -> new ByteArrayOutputStream())::writeBytes, NOW);
        Map<String, String> texts = new LinkedHashMap<>();
        kept.forEach((id, bytes) -> texts.put(id, bytes.toString(StandardCharsets.UTF_8)));
        return new Built(evidence, texts);
    }

    @Test
    void aStreamedPlanHashesAndSignsExactlyLikeTheSamePlanInMemory() throws Exception {
        EvidenceKeyring keyring = EvidenceKeyring.single("k1", ed25519());

        Built inMemory = build(keyring, false);
        Built streamed = build(keyring, true);

        assertThat(streamed.artifacts()).isEqualTo(inMemory.artifacts());
        assertThat(streamed.evidence().evidence()).isEqualTo(inMemory.evidence().evidence());
        assertThat(streamed.evidence().manifestSha256()).isEqualTo(inMemory.evidence().manifestSha256());
    }

    @Test
    void aFreshPackageVerifiesAndCarriesItsSignerAndHashes() throws Exception {
        Built built = build(EvidenceKeyring.single("rrs-ed25519-v1", ed25519()), false);
        ObjectNode evidence = built.evidence().evidence();

        assertThat(built.evidence().verification().verified()).isTrue();
        assertThat(evidence.path("manifest_signature").path("signer_key_id").asText()).isEqualTo("rrs-ed25519-v1");
        assertThat(evidence.path("manifest_signature").path("signature_algorithm").asText()).isEqualTo("ed25519");
        assertThat(evidence.path("artifact_hashes")).extracting(node -> node.path("artifact_id").asText())
                .containsExactly("execution.json", "job-events.json", "plan.json", "rollback-journal.json");
        assertThat(built.evidence().manifestSha256())
                .isEqualTo(CanonicalJson.sha256Of(built.evidence().manifestPayload()));
        assertThat(built.artifacts().get("plan.json")).contains(EvidenceAssembler.UNVERIFIED_APPROVAL)
                .doesNotContain("approval enforcement is not configured");
    }

    @Test
    void rsaPssSignedPackagesVerifyAndTheirSignatureDiffersEachTime() throws Exception {
        EvidenceKeyring keyring = EvidenceKeyring.single("rrs-rsa-v1", rsa());

        Built first = build(keyring, false);
        Built second = build(keyring, false);

        assertThat(first.evidence().verification().verified()).isTrue();
        assertThat(first.evidence().evidence().path("manifest_signature").path("signature_algorithm").asText())
                .isEqualTo("rsa-pss-sha256");
        assertThat(first.evidence().evidence().path("manifest_signature").path("signature").asText())
                .as("PSS salts every signature").isNotEqualTo(
                        second.evidence().evidence().path("manifest_signature").path("signature").asText());
        assertThat(new EvidenceVerifier(keyring).verify(second.evidence().evidence(), second.recomputed(), NOW)
                .verified()).isTrue();
    }

    @Test
    void tamperingWithAnyArtifactIsAnArtifactHashMismatch() throws Exception {
        EvidenceKeyring keyring = EvidenceKeyring.single("k1", ed25519());
        Built built = build(keyring, false);
        for (String artifact : EvidenceArtifacts.IDS) {
            Map<String, String> tampered = new LinkedHashMap<>(built.artifacts());
            tampered.put(artifact, tampered.get(artifact).replaceFirst(":", ": "));
            List<ArtifactHash> recomputed = new ArrayList<>();
            tampered.forEach((id, text) -> recomputed.add(hash(id, text)));

            Verification verification = new EvidenceVerifier(keyring).verify(built.evidence().evidence(), recomputed,
                    NOW);

            assertThat(verification.reasonCode()).as(artifact).isEqualTo("failed_evidence_artifact_hash_mismatch");
            assertThat(verification.status()).isEqualTo("verification_failed");
            assertThat(verification.reportHashMatches()).isTrue();
        }
    }

    @Test
    void tamperingWithAReportFieldIsAReportHashMismatch() throws Exception {
        EvidenceKeyring keyring = EvidenceKeyring.single("k1", ed25519());
        Built built = build(keyring, false);
        for (String field : List.of("backup_timestamp", "approved_scope", "execution_outcomes", "resume_metadata",
                "immutable_storage", "approval")) {
            ObjectNode evidence = built.evidence().evidence().deepCopy();
            evidence.put(field, "changed");

            Verification verification = new EvidenceVerifier(keyring).verify(evidence, built.recomputed(), NOW);

            assertThat(verification.reasonCode()).as(field).isEqualTo("failed_evidence_report_hash_mismatch");
        }
    }

    @Test
    void aReportHashRecomputedByAForgerStillBreaksTheSignature() throws Exception {
        EvidenceKeyring keyring = EvidenceKeyring.single("k1", ed25519());
        Built built = build(keyring, false);
        ObjectNode evidence = built.evidence().evidence().deepCopy();
        ((ObjectNode) evidence.path("execution_outcomes")).put("rows_applied", 999);
        evidence.put("report_hash", CanonicalJson.sha256Of(EvidenceFields.reportInput(evidence)));

        Verification verification = new EvidenceVerifier(keyring).verify(evidence, built.recomputed(), NOW);

        assertThat(verification.reportHashMatches()).isTrue();
        assertThat(verification.reasonCode()).isEqualTo("failed_evidence_signature_verification");
    }

    @Test
    void aSignatureByAnotherKeyOrAFlippedBitFails() throws Exception {
        EvidenceKeyring keyring = EvidenceKeyring.single("k1", ed25519());
        Built built = build(keyring, false);
        Built forged = build(EvidenceKeyring.single("k1", ed25519()), false);
        ObjectNode evidence = built.evidence().evidence().deepCopy();
        ((ObjectNode) evidence.path("manifest_signature")).set("signature",
                forged.evidence().evidence().path("manifest_signature").path("signature"));

        assertThat(new EvidenceVerifier(keyring).verify(evidence, built.recomputed(), NOW).reasonCode())
                .isEqualTo("failed_evidence_signature_verification");
        String signature = built.evidence().evidence().path("manifest_signature").path("signature").asText();
        ((ObjectNode) evidence.path("manifest_signature")).put("signature",
                (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1));
        assertThat(new EvidenceVerifier(keyring).verify(evidence, built.recomputed(), NOW).reasonCode())
                .isEqualTo("failed_evidence_signature_verification");
    }

    @Test
    void packagesSignedBeforeTwoRotationsStillVerifyWithTheKeyring() throws Exception {
        EvidenceKeyPair first = ed25519();
        EvidenceKeyPair second = rsa();
        EvidenceKeyPair third = ed25519();
        Built signedFirst = build(EvidenceKeyring.single("v1", first), false);
        Built signedSecond = build(new EvidenceKeyring("v2", second, List.of(retired("v1", first))), false);

        EvidenceKeyring afterTwoRotations = new EvidenceKeyring("v3", third,
                List.of(retired("v1", first), retired("v2", second)));

        for (Built built : List.of(signedFirst, signedSecond)) {
            assertThat(new EvidenceVerifier(afterTwoRotations).verify(built.evidence().evidence(),
                    built.recomputed(), NOW).verified()).isTrue();
        }
        assertThat(new EvidenceVerifier(EvidenceKeyring.single("v3", third)).verify(
                signedFirst.evidence().evidence(), signedFirst.recomputed(), NOW).reasonCode())
                .as("the reference's single key: a rotation breaks older packages")
                .isEqualTo("failed_evidence_signature_verification");
    }

    @Test
    void aKeyIdCannotNameTwoKeys() throws Exception {
        EvidenceKeyPair active = ed25519();
        VerifyingKey other = retired("v1", ed25519());

        assertThatThrownBy(() -> new EvidenceKeyring("v1", active, List.of(other)))
                .hasMessageContaining("v1 names two different public keys");
    }

    @Test
    void lenientBase64SkipsWhatIsNotInTheAlphabet() {
        assertThat(SigningAlgorithm.lenientBase64("aGVs bG8=")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(SigningAlgorithm.lenientBase64("!!!")).isEmpty();
        assertThat(SigningAlgorithm.lenientBase64(null)).isEmpty();
    }

    static VerifyingKey retired(String id, EvidenceKeyPair pair) {
        return new VerifyingKey(id, SigningAlgorithm.of(pair.algorithm()), pair.publicKey());
    }
}
