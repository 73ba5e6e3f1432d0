package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.json.JsStrings;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.http.ApiError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conformance family {@code evidence}: {@code export} builds a package from the case's job, plan, execution,
 * journal and events with its signer and clock, and must reproduce the reference's record byte for byte (hashes,
 * Ed25519 signature, verification) or its error; {@code verify} must reach the reference's verdict on a package,
 * tampered or not.
 */
public final class EvidenceFamily implements ConformanceFamily {
    @Override
    public String name() {
        return "evidence";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.path("input");
        EvidenceKeyring keyring = keyring(input.path("config").path("signer"));
        Instant now = IsoUtc.parse(input.path("now").asText()).orElseThrow(
                () -> new IllegalArgumentException("now is not an ISO time: " + input.path("now")));
        return switch (vectorCase.path("op").asText()) {
            case "export" -> CaseResult.expectEqual("export", vectorCase.get("expected"),
                    export(input, keyring, now));
            case "verify" -> CaseResult.expectEqual("verification", vectorCase.path("expected").get("verification"),
                    verify(input.path("record"), keyring, now).toJson());
            default -> CaseResult.failed("unknown op " + vectorCase.path("op"));
        };
    }

    private static JsonNode export(JsonNode input, EvidenceKeyring keyring, Instant now) {
        JsonNode plan = input.path("plan");
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        if (plan.isMissingNode() || plan.isNull()) {
            ApiError missing = EvidenceErrors.planMissing();
            answer.put("status_code", missing.status());
            answer.put("error", missing.error());
            answer.put("reason_code", missing.reasonCode());
            answer.put("message", missing.getMessage());
            return answer;
        }
        JsonNode job = input.path("job");
        JsonNode journal = input.path("rollback_journal");
        List<ArtifactDocument> documents = EvidenceArtifacts.documents(input.path("execution"),
                input.path("job_events"), plan.path("plan"), plan.path("plan_hash_input"), plan.path("gate"),
                plan.path("delete_candidates"), plan.path("media_candidates"), plan.path("pit_resolutions"),
                plan.path("watermarks"), journal.path("journal_entries"), journal.path("sn_mirror_entries"));
        EvidenceSubject subject = new EvidenceSubject(job.path("job_id").asText(), job.path("plan_hash").asText(),
                plan.path("plan"), plan.path("plan_hash_input").path("rows").size(), plan.path("delete_candidates"),
                input.path("execution"));
        ImmutableStorage storage = new ImmutableStorage(
                input.path("config").path("immutable_storage").path("worm_enabled").asBoolean(),
                input.path("config").path("immutable_storage").path("retention_class").asText());
        Map<String, ByteArrayOutputStream> kept = new LinkedHashMap<>();
        EvidencePackage evidence = new EvidenceAssembler(keyring, storage).assemble(subject, documents,
                id -> kept.computeIfAbsent(id, any -> new ByteArrayOutputStream())::writeBytes, now);
        ObjectNode record = answer.putObject("record");
        record.set("evidence", evidence.evidence());
        record.put("generated_at", IsoUtc.format(evidence.generatedAt()));
        record.set("manifest_payload", evidence.manifestPayload());
        record.put("manifest_sha256", evidence.manifestSha256());
        ArrayNode artifacts = record.putArray("artifacts");
        for (ArtifactHash hash : evidence.artifacts()) {
            artifacts.addObject().put("artifact_id", hash.artifactId())
                    .put("canonical_json", kept.get(hash.artifactId()).toString(StandardCharsets.UTF_8))
                    .put("sha256", hash.sha256()).put("bytes", hash.bytes());
        }
        record.set("verification", evidence.verification().toJson());
        answer.put("status_code", 201);
        // through text, so numbers compare by value whatever node type holds them
        return Json.parse(Json.write(answer));
    }

    private static Verification verify(JsonNode record, EvidenceKeyring keyring, Instant now) {
        List<ArtifactHash> recomputed = new ArrayList<>();
        for (JsonNode artifact : record.path("artifacts")) {
            ArtifactDigest digest = new ArtifactDigest(artifact.path("artifact_id").asText(), bytes -> { });
            byte[] utf8 = JsStrings.utf8(artifact.path("canonical_json").asText(""));
            digest.acceptBytes(utf8, 0, utf8.length);
            recomputed.add(digest.finish());
        }
        return new EvidenceVerifier(keyring).verify(record.path("evidence"), recomputed, now);
    }

    private static EvidenceKeyring keyring(JsonNode signer) {
        return EvidenceKeyring.single(signer.path("signer_key_id").asText(),
                EvidenceKeyPair.parse(signer.path("private_key_pem").asText(), signer.path("public_key_pem").asText()));
    }
}
