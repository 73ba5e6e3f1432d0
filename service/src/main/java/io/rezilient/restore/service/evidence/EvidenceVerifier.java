package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.json.JsStrings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies an evidence record the way the reference's {@code validateEvidenceRecord} does (service-spec §7): the
 * artifact hashes recomputed from the stored artifacts against {@code evidence.artifact_hashes} (both ordered by
 * artifact id), the report hash recomputed from the record's fields, and the signature over the manifest rebuilt
 * from the record. {@code manifest_signature.signer_key_id} picks the key from the keyring; an id the keyring does not
 * know falls back to the active key, as the reference (one key, id not covered) does — the offline verifier reports
 * an unknown id as a failure of its own.
 */
public final class EvidenceVerifier {
    private final Map<String, VerifyingKey> keys = new HashMap<>();
    private final VerifyingKey fallback;

    public EvidenceVerifier(EvidenceKeyring keyring) {
        this(keyring.keys(), keyring.activeKey());
    }

    /**
     * @param fallback the key for a signer key id none of {@code keys} has (the service's active key)
     */
    public EvidenceVerifier(Collection<VerifyingKey> keys, VerifyingKey fallback) {
        keys.forEach(key -> this.keys.put(key.keyId(), key));
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * @param evidence   the record's {@code evidence} object, as stored or as received
     * @param recomputed the hash entries of the artifacts as they are now stored
     */
    public Verification verify(JsonNode evidence, List<ArtifactHash> recomputed, Instant now) {
        boolean artifactsMatch = artifactHashesMatch(evidence.path("artifact_hashes"), recomputed);
        String reportHash = CanonicalJson.sha256Of(EvidenceFields.reportInput(evidence));
        boolean reportMatches = reportHash.equals(evidence.path("report_hash").asText(null));
        return new Verification(artifactsMatch, reportMatches, signatureValid(evidence), now);
    }

    /** Whether the signature in {@code evidence} verifies over the manifest rebuilt from it, with the key it names. */
    public boolean signatureValid(JsonNode evidence) {
        JsonNode signature = evidence.path("manifest_signature");
        byte[] payload = JsStrings.utf8(CanonicalJson.stringify(EvidenceFields.manifest(evidence)));
        VerifyingKey key = keys.getOrDefault(signature.path("signer_key_id").asText(""), fallback);
        return key.verifies(payload, signature.path("signature").asText(""));
    }

    static boolean artifactHashesMatch(JsonNode claimed, List<ArtifactHash> recomputed) {
        if (!claimed.isArray()) {
            return false;
        }
        List<JsonNode> entries = new ArrayList<>();
        claimed.forEach(entries::add);
        entries.sort((left, right) -> JsCollation.compare(left.path("artifact_id").asText(""),
                right.path("artifact_id").asText("")));
        ArrayNode claimedSorted = JsonNodeFactory.instance.arrayNode().addAll(entries);
        try {
            return CanonicalJson.stringify(claimedSorted).equals(
                    CanonicalJson.stringify(EvidenceFields.sorted(recomputed)));
        } catch (IllegalArgumentException notCanonical) {
            return false;
        }
    }
}
