package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.time.Instant;
import java.util.Objects;

/**
 * A package's verification result (service-spec §7): the three checks and the first failure's reason code, in the
 * reference's precedence (artifact hashes, then report hash, then signature).
 */
public record Verification(boolean artifactHashesMatch, boolean reportHashMatches, boolean signatureValid,
                           Instant verifiedAt) {
    public static final String VERIFIED = "verified";
    public static final String FAILED = "verification_failed";

    public Verification {
        Objects.requireNonNull(verifiedAt, "verifiedAt");
    }

    public boolean verified() {
        return artifactHashesMatch && reportHashMatches && signatureValid;
    }

    public String reasonCode() {
        if (!artifactHashesMatch) {
            return "failed_evidence_artifact_hash_mismatch";
        }
        if (!reportHashMatches) {
            return "failed_evidence_report_hash_mismatch";
        }
        return signatureValid ? "none" : "failed_evidence_signature_verification";
    }

    public String status() {
        return verified() ? VERIFIED : FAILED;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("signature_verification", status());
        json.put("reason_code", reasonCode());
        json.put("report_hash_matches", reportHashMatches);
        json.put("artifact_hashes_match", artifactHashesMatch);
        json.put("signature_valid", signatureValid);
        json.put("verified_at", IsoUtc.format(verifiedAt));
        return json;
    }

    public static Verification fromJson(JsonNode json) {
        return new Verification(json.path("artifact_hashes_match").asBoolean(false),
                json.path("report_hash_matches").asBoolean(false), json.path("signature_valid").asBoolean(false),
                IsoUtc.parse(json.path("verified_at").asText()).orElse(Instant.EPOCH));
    }
}
