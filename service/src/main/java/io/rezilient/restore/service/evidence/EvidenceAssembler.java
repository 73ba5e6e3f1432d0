package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.EvidenceIds;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.CanonicalJsonStream;
import io.rezilient.restore.contracts.json.JsCollation;
import io.rezilient.restore.contracts.json.JsStrings;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.ContractVersions;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds and signs an evidence package (service-spec §7 "Generation"): writes each artifact's canonical JSON once,
 * hashing it on the way to wherever the caller keeps it, computes the report hash over the report fields, signs the
 * manifest with the keyring's active key and verifies the result before anyone sees it.
 */
public final class EvidenceAssembler {
    /** What the evidence says about approval: the plan's approval block is caller-supplied and never verified. */
    static final String UNVERIFIED_APPROVAL = "caller-supplied approval metadata is unverified";

    private final EvidenceKeyring keyring;
    private final ImmutableStorage immutableStorage;

    public EvidenceAssembler(EvidenceKeyring keyring, ImmutableStorage immutableStorage) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.immutableStorage = Objects.requireNonNull(immutableStorage, "immutableStorage");
    }

    /**
     * @param keeper for each artifact id, where its UTF-8 bytes go while it is written
     * @throws EvidenceContractViolation when the result would not be a valid evidence record
     */
    public EvidencePackage assemble(EvidenceSubject subject, List<ArtifactDocument> artifacts,
                                    Function<String, Consumer<byte[]>> keeper, Instant now) {
        List<ArtifactDocument> ordered = new ArrayList<>(artifacts);
        ordered.sort((left, right) -> JsCollation.compare(left.artifactId(), right.artifactId()));
        List<ArtifactHash> hashes = new ArrayList<>();
        for (ArtifactDocument artifact : ordered) {
            ArtifactDigest digest = new ArtifactDigest(artifact.artifactId(), keeper.apply(artifact.artifactId()));
            CanonicalJsonStream.write(artifact.document(), digest);
            hashes.add(digest.finish());
        }
        requireContract(hashes);

        ObjectNode evidence = report(subject, hashes);
        String reportHash = CanonicalJson.sha256Of(EvidenceFields.reportInput(evidence));
        evidence = withReportHash(evidence, reportHash);
        ObjectNode manifest = EvidenceFields.manifest(evidence);
        String manifestText = CanonicalJson.stringify(manifest);
        String signature = keyring.sign(JsStrings.utf8(manifestText));
        String generatedAt = IsoUtc.format(now);
        ObjectNode manifestSignature = JsonNodeFactory.instance.objectNode();
        manifestSignature.put("signature_algorithm", keyring.activeAlgorithm().wire());
        manifestSignature.put("signer_key_id", keyring.activeKeyId());
        manifestSignature.put("signature", signature);
        manifestSignature.put("signature_verification", Verification.VERIFIED);
        manifestSignature.put("signed_at", generatedAt);
        evidence = withSignature(evidence, manifestSignature);

        Verification verification = new EvidenceVerifier(keyring).verify(evidence, hashes, now);
        if (!verification.verified()) {
            throw new EvidenceContractViolation("a freshly signed package did not verify: "
                    + verification.reasonCode());
        }
        return new EvidencePackage(evidence, now, manifest, CanonicalJson.sha256Hex(manifestText), hashes,
                verification);
    }

    /** The plan as {@code plan.json} carries it: its approval replaced by the evidence's unverified one. */
    public static ObjectNode sanitisedPlan(JsonNode plan) {
        ObjectNode copy = plan.deepCopy();
        if (copy.has("approval")) {
            copy.set("approval", approval());
        }
        return copy;
    }

    /** The evidence's approval block: the placeholder, marked unverified, whatever the caller supplied. */
    static ObjectNode approval() {
        ObjectNode approval = JsonNodeFactory.instance.objectNode();
        approval.put("approval_required", false);
        approval.put("approval_state", "placeholder_not_enforced");
        approval.put("approval_decision", "placeholder");
        approval.put("approval_decision_reason", UNVERIFIED_APPROVAL);
        approval.put("approval_revalidation_result", "not_applicable");
        approval.put("approval_placeholder_mode", "mvp_not_enforced");
        return approval;
    }

    private ObjectNode report(EvidenceSubject subject, List<ArtifactHash> hashes) {
        JsonNode plan = subject.plan();
        JsonNode execution = subject.execution();
        ObjectNode evidence = JsonNodeFactory.instance.objectNode();
        evidence.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        evidence.put("evidence_id", EvidenceIds.evidenceId(subject.jobId(), subject.planHash(),
                subject.completedAt()));
        evidence.put("job_id", subject.jobId());
        evidence.put("plan_hash", subject.planHash());
        evidence.set("pit_algorithm_version", plan.path("pit").path("pit_algorithm_version").deepCopy());
        evidence.set("backup_timestamp", plan.path("pit").path("restore_time").deepCopy());
        evidence.set("approved_scope", plan.path("scope").deepCopy());
        evidence.set("schema_drift_summary", schemaDrift(plan, subject.planRowCount()));
        evidence.set("conflict_summary", conflicts(plan));
        evidence.set("delete_decision_summary", deleteDecisions(subject.deleteCandidates()));
        evidence.set("execution_outcomes", outcomes(execution.path("summary")));
        evidence.set("resume_metadata", resume(execution));
        evidence.set("artifact_hashes", EvidenceFields.sorted(hashes));
        evidence.put("canonicalization_version", ContractVersions.EVIDENCE_CANONICALIZATION_VERSION);
        evidence.set("immutable_storage", immutableStorage.toJson());
        evidence.set("approval", approval());
        return evidence;
    }

    /** Rows, not columns, as the reference counts them (a placeholder metric there, kept for the same hash). */
    private static ObjectNode schemaDrift(JsonNode plan, long rows) {
        long schemaConflicts = 0;
        for (JsonNode conflict : plan.path("conflicts")) {
            if ("schema_conflict".equals(conflict.path("class").asText())) {
                schemaConflicts++;
            }
        }
        ObjectNode drift = JsonNodeFactory.instance.objectNode();
        drift.put("compatible_columns", Math.max(0, rows - schemaConflicts));
        drift.put("incompatible_columns", schemaConflicts);
        drift.put("override_applied", "manual_override".equals(
                plan.path("execution_options").path("schema_compatibility_mode").asText()));
        return drift;
    }

    private static ObjectNode conflicts(JsonNode plan) {
        long total = 0;
        long unresolved = 0;
        for (JsonNode conflict : plan.path("conflicts")) {
            total++;
            JsonNode resolution = conflict.path("resolution");
            if (resolution.isMissingNode() || resolution.isNull()) {
                unresolved++;
            }
        }
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("total", total);
        summary.put("unresolved", unresolved);
        return summary;
    }

    private static ObjectNode deleteDecisions(JsonNode candidates) {
        long allow = 0;
        long skip = 0;
        for (JsonNode candidate : candidates) {
            String decision = candidate.path("decision").asText();
            if ("allow_deletion".equals(decision)) {
                allow++;
            } else if ("skip_deletion".equals(decision)) {
                skip++;
            }
        }
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("allow_deletion", allow);
        summary.put("skip_deletion", skip);
        return summary;
    }

    private static ObjectNode outcomes(JsonNode summary) {
        ObjectNode outcomes = JsonNodeFactory.instance.objectNode();
        outcomes.set("rows_applied", summary.path("applied_rows").deepCopy());
        outcomes.set("rows_skipped", summary.path("skipped_rows").deepCopy());
        outcomes.set("rows_failed", summary.path("failed_rows").deepCopy());
        outcomes.set("attachments_applied", summary.path("attachments_applied").deepCopy());
        outcomes.set("attachments_skipped", summary.path("attachments_skipped").deepCopy());
        outcomes.set("attachments_failed", summary.path("attachments_failed").deepCopy());
        return outcomes;
    }

    private static ObjectNode resume(JsonNode execution) {
        JsonNode checkpoint = execution.path("checkpoint");
        ObjectNode resume = JsonNodeFactory.instance.objectNode();
        resume.set("resume_attempt_count", execution.path("resume_attempt_count").deepCopy());
        resume.set("checkpoint_id", checkpoint.path("checkpoint_id").deepCopy());
        resume.set("next_chunk_index", checkpoint.path("next_chunk_index").deepCopy());
        resume.set("total_chunks", checkpoint.path("total_chunks").deepCopy());
        resume.set("last_chunk_id", checkpoint.path("last_chunk_id").deepCopy());
        resume.set("plan_checksum", execution.path("plan_checksum").deepCopy());
        resume.set("precondition_checksum", execution.path("precondition_checksum").deepCopy());
        return resume;
    }

    /** The record with {@code report_hash} placed after {@code plan_hash}, where the contract lists it. */
    private static ObjectNode withReportHash(ObjectNode evidence, String reportHash) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        evidence.properties().forEach(field -> {
            ordered.set(field.getKey(), field.getValue());
            if (field.getKey().equals("plan_hash")) {
                ordered.put("report_hash", reportHash);
            }
        });
        return ordered;
    }

    /** The record with {@code manifest_signature} placed after {@code canonicalization_version}. */
    private static ObjectNode withSignature(ObjectNode evidence, ObjectNode signature) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        evidence.properties().forEach(field -> {
            ordered.set(field.getKey(), field.getValue());
            if (field.getKey().equals("canonicalization_version")) {
                ordered.set("manifest_signature", signature);
            }
        });
        return ordered;
    }

    private static void requireContract(List<ArtifactHash> hashes) {
        if (hashes.isEmpty()) {
            throw new EvidenceContractViolation("an evidence package needs at least one artifact");
        }
        for (ArtifactHash hash : hashes) {
            if (hash.bytes() <= 0) {
                throw new EvidenceContractViolation("artifact " + hash.artifactId() + " is empty");
            }
        }
    }
}
