package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A generated evidence package without its artifacts' contents (those are kept where the caller put them while they
 * were written): the evidence record, the manifest that was signed, its hash, the artifact hash entries and the
 * verification made right after signing.
 */
public record EvidencePackage(ObjectNode evidence, Instant generatedAt, ObjectNode manifestPayload,
                              String manifestSha256, List<ArtifactHash> artifacts, Verification verification) {
    public EvidencePackage {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(manifestPayload, "manifestPayload");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(verification, "verification");
    }

    public String evidenceId() {
        return evidence.path("evidence_id").asText();
    }

    public String reportHash() {
        return evidence.path("report_hash").asText();
    }

    public String signerKeyId() {
        return evidence.path("manifest_signature").path("signer_key_id").asText();
    }
}
