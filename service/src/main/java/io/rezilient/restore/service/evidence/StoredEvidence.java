package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A package as stored: the signed record, its manifest, the verification made when it was generated, its artifact
 * hashes and where its object-store copy is.
 */
public record StoredEvidence(String evidenceId, String jobId, ObjectNode evidence, ObjectNode manifestPayload,
                             String manifestSha256, Instant generatedAt, Verification verification,
                             List<ArtifactHash> artifacts, Optional<String> storageKeyPrefix,
                             Optional<Instant> storedAt, Optional<String> storageDetail) {
    public StoredEvidence {
        Objects.requireNonNull(evidenceId, "evidenceId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(manifestPayload, "manifestPayload");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(verification, "verification");
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(storageKeyPrefix, "storageKeyPrefix");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(storageDetail, "storageDetail");
    }

    /**
     * {@code GET …/evidence} (service-spec §3.6): {@code evidence, verification, manifest_sha256, generated_at}; ours
     * after them: the signed {@code manifest_payload} and the object-store copy ({@code storage: {key_prefix,
     * stored_at, immutability}}, nulls while the copy is pending).
     */
    public ObjectNode toJson() {
        ObjectNode json = packageRecord();
        ObjectNode storage = json.putObject("storage");
        if (storageKeyPrefix.isPresent()) {
            storage.put("key_prefix", storageKeyPrefix.get());
        } else {
            storage.putNull("key_prefix");
        }
        if (storedAt.isPresent()) {
            storage.put("stored_at", IsoUtc.format(storedAt.get()));
        } else {
            storage.putNull("stored_at");
        }
        if (storageDetail.isPresent()) {
            storage.put("immutability", storageDetail.get());
        } else {
            storage.putNull("immutability");
        }
        return json;
    }

    /**
     * The record a package's files carry ({@code evidence.json}): {@code evidence, verification, manifest_sha256,
     * generated_at, manifest_payload} — everything but where the copy is.
     */
    public ObjectNode packageRecord() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("evidence", evidence.deepCopy());
        json.set("verification", verification.toJson());
        json.put("manifest_sha256", manifestSha256);
        json.put("generated_at", IsoUtc.format(generatedAt));
        json.set("manifest_payload", manifestPayload.deepCopy());
        return json;
    }

    /** The short form the terminal execute / commit answers carry (service-spec §3.5). */
    public ObjectNode summary(boolean reused) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("evidence_id", evidenceId);
        json.put("signature_verification", verification.status());
        json.put("reused", reused);
        return json;
    }
}
