package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.JsStrings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies a package on disk with no server and no database ({@code rez evidence verify}): every check an auditor
 * needs, each reported on its own, stricter than the service's verdict (service-spec §7) — which it also gives. Beyond
 * the reference's three checks it recomputes {@code manifest_sha256} and the stored manifest, requires every listed
 * artifact to be present and no unlisted one, and requires the signer key id to be known.
 */
public final class OfflineVerifier {
    /** The keys a package is verified with; {@code keyIdsKnown} is false for a lone public key given without its id. */
    public record Keys(List<VerifyingKey> keys, boolean keyIdsKnown) {
        public Keys {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("at least one public key is needed to verify a signature");
            }
        }
    }

    /** One check: its name, whether it passed, and what was found. */
    public record Check(String name, boolean passed, String detail) {
    }

    /** Every check in order, and the service's own verdict on the same package. */
    public record Report(List<Check> checks, Verification serviceVerdict) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private OfflineVerifier() {
    }

    public static Report verify(PackageFiles.OnDisk onDisk, Keys keys, Instant now) {
        Objects.requireNonNull(onDisk, "onDisk");
        JsonNode evidence = onDisk.evidence();
        List<Check> checks = new ArrayList<>();
        List<ArtifactHash> recomputed = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (JsonNode claimed : evidence.path("artifact_hashes")) {
            String id = claimed.path("artifact_id").asText("");
            listed.add(id);
            if (!onDisk.artifacts().containsKey(id)) {
                checks.add(new Check("artifact " + id, false, "missing from the package"));
                continue;
            }
            ArtifactHash actual = onDisk.rehash(id);
            recomputed.add(actual);
            boolean matches = actual.sha256().equals(claimed.path("sha256").asText())
                    && actual.bytes() == claimed.path("bytes").asLong(-1);
            checks.add(new Check("artifact " + id, matches, matches ? "sha256 " + actual.sha256() + ", "
                    + actual.bytes() + " bytes" : "sha256 " + actual.sha256() + " (" + actual.bytes()
                    + " bytes) but the evidence lists " + claimed.path("sha256").asText() + " ("
                    + claimed.path("bytes").asText() + " bytes)"));
        }
        if (listed.isEmpty()) {
            checks.add(new Check("artifact hashes", false, "the evidence lists no artifacts"));
        }
        for (String extra : onDisk.artifacts().keySet()) {
            if (!listed.contains(extra)) {
                checks.add(new Check("artifact " + extra, false, "present in the package but not listed in "
                        + "evidence.artifact_hashes"));
            }
        }

        String reportHash = CanonicalJson.sha256Of(EvidenceFields.reportInput(evidence));
        boolean reportMatches = reportHash.equals(evidence.path("report_hash").asText());
        checks.add(new Check("report hash", reportMatches, reportMatches ? reportHash
                : "recomputed " + reportHash + " but the evidence says " + evidence.path("report_hash").asText()));

        String manifestText = CanonicalJson.stringify(EvidenceFields.manifest(evidence));
        String manifestSha256 = CanonicalJson.sha256Hex(manifestText);
        JsonNode storedManifest = onDisk.record().path("manifest_payload");
        boolean manifestHashMatches = manifestSha256.equals(onDisk.record().path("manifest_sha256").asText());
        boolean storedManifestMatches = storedManifest.isMissingNode()
                || CanonicalJson.stringify(storedManifest).equals(manifestText);
        checks.add(new Check("manifest hash", manifestHashMatches && storedManifestMatches,
                !manifestHashMatches ? "recomputed " + manifestSha256 + " but manifest_sha256 says "
                        + onDisk.record().path("manifest_sha256").asText()
                        : storedManifestMatches ? manifestSha256
                        : "manifest_payload differs from the manifest the evidence fields make"));

        JsonNode signature = evidence.path("manifest_signature");
        String keyId = signature.path("signer_key_id").asText("");
        Optional<VerifyingKey> named = keys.keys().stream().filter(key -> key.keyId().equals(keyId)).findFirst();
        if (keys.keyIdsKnown()) {
            checks.add(new Check("signer key id", named.isPresent(), named.isPresent()
                    ? keyId + " (" + named.get().algorithm().wire() + ")" : keyId + " is not in the keyring"));
        } else {
            checks.add(new Check("signer key id", true, keyId + " (not checked: one public key was given, no "
                    + "keyring)"));
        }
        byte[] payload = JsStrings.utf8(manifestText);
        String base64 = signature.path("signature").asText("");
        Optional<VerifyingKey> verifiedBy = (named.isPresent() ? List.of(named.get()) : keys.keys()).stream()
                .filter(key -> key.verifies(payload, base64)).findFirst();
        boolean algorithmMatches = verifiedBy.isEmpty()
                || verifiedBy.get().algorithm().wire().equals(signature.path("signature_algorithm").asText());
        checks.add(new Check("signature", verifiedBy.isPresent() && algorithmMatches, verifiedBy.isEmpty()
                ? "does not verify over the manifest with " + (named.isPresent() ? "key " + keyId
                : "any of the " + keys.keys().size() + " key(s) given")
                : !algorithmMatches ? "verified by a " + verifiedBy.get().algorithm().wire() + " key but labelled "
                + signature.path("signature_algorithm").asText()
                : signature.path("signature_algorithm").asText() + " signature by " + verifiedBy.get().keyId()));

        Verification serviceVerdict = new EvidenceVerifier(keys.keys(), verifiedBy.orElse(keys.keys().getFirst()))
                .verify(evidence, recomputed, now);
        return new Report(List.copyOf(checks), serviceVerdict);
    }
}
