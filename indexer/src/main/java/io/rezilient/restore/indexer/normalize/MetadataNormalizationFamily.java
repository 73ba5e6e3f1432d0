package io.rezilient.restore.indexer.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.conformance.CaseResult;
import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.validation.IssueConformance;
import io.rezilient.restore.indexer.manifest.ArtifactMetadataExtractor;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ManifestItem;
import io.rezilient.restore.indexer.manifest.ManifestJson;
import io.rezilient.restore.indexer.manifest.ManifestParser;

import java.util.Comparator;
import java.util.List;

/**
 * Conformance family {@code metadata_normalization}: stage 1 ({@code read_manifest_item}) validates the manifest
 * and extracts metadata from the artifact; stage 2 ({@code normalize}) normalises it. Accepted inputs must give
 * the reference's metadata, event time, offset, partition scope and stage-1 output; rejected inputs must fail at
 * the same stage with the same message, or, for allow-list rejections, with the same first issue.
 * {@code configured_tenant_id} is deliberately unused: the configured tenant is never a metadata fallback.
 */
public final class MetadataNormalizationFamily implements ConformanceFamily {
    static final String STAGE_READ = "read_manifest_item";
    static final String STAGE_NORMALIZE = "normalize";
    /** What the vectors write for an allow-list (schema) rejection instead of a message. */
    private static final String SCHEMA_ERROR = "ZodError";

    /** JSON equality where numbers compare by value, so {@code 3} equals {@code 3L} and {@code 3.0}. */
    private static final Comparator<JsonNode> BY_VALUE = (left, right) -> {
        if (left.equals(right)) {
            return 0;
        }
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue()) == 0 ? 0 : 1;
        }
        return 1;
    };

    @Override
    public String name() {
        return "metadata_normalization";
    }

    @Override
    public CaseResult run(JsonNode vectorCase, JsonNode file) {
        JsonNode input = vectorCase.path("input");
        ManifestItem item;
        NormalizedEvent event;
        try {
            item = readManifestItem(input);
            event = OperationalMetadataNormalizer.normalize(item);
        } catch (ArtifactRejectedException rejected) {
            return judgeRejection(vectorCase, rejected);
        }
        if (vectorCase.has("expected_error")) {
            return CaseResult.failed("expected rejection " + vectorCase.get("expected_error")
                    + " but the input was accepted as " + OperationalMetadataJson.of(event));
        }
        return compare(vectorCase.path("expected"), actualOutput(item, event));
    }

    private static ManifestItem readManifestItem(JsonNode input) {
        String manifestKey = input.path("manifest_key").asText();
        Manifest manifest = input.has("manifest_text")
                ? ManifestParser.parse(manifestKey, input.get("manifest_text").asText())
                : ManifestParser.parse(manifestKey, input.get("manifest"));
        return ArtifactMetadataExtractor.extract(manifest, input.get("artifact"));
    }

    private static ObjectNode actualOutput(ManifestItem item, NormalizedEvent event) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode scope = json.objectNode()
                .put("tenantId", event.tenantId())
                .put("instanceId", event.instanceId())
                .put("source", event.source())
                .put("topic", event.topic())
                .put("partition", event.partition());
        ObjectNode intermediate = json.objectNode();
        intermediate.set("manifest", ManifestJson.of(item.manifest()));
        intermediate.set("metadata", item.metadata());
        ObjectNode output = json.objectNode();
        output.set("metadata", OperationalMetadataJson.of(event));
        output.put("event_time", IsoUtc.format(event.eventTime()));
        output.put("offset", event.offset());
        output.set("partition_scope", scope);
        output.set("intermediate", intermediate);
        return output;
    }

    private static CaseResult compare(JsonNode expected, ObjectNode actual) {
        for (String field : List.of("metadata", "event_time", "offset", "partition_scope", "intermediate")) {
            JsonNode want = expected.get(field);
            JsonNode got = actual.get(field);
            if (want == null || got == null || !want.equals(BY_VALUE, got)) {
                return CaseResult.failed(field, want, got);
            }
        }
        return CaseResult.passed();
    }

    private static CaseResult judgeRejection(JsonNode vectorCase, ArtifactRejectedException rejected) {
        JsonNode expectedError = vectorCase.get("expected_error");
        if (expectedError == null) {
            return CaseResult.failed("unexpected rejection at " + rejected.stage() + ": " + rejected.reason());
        }
        String stage = rejected.stage() == ArtifactRejectedException.Stage.NORMALIZE ? STAGE_NORMALIZE : STAGE_READ;
        String expectedStage = vectorCase.path("expected_error_stage").asText();
        if (!expectedStage.equals(stage)) {
            return CaseResult.failed("rejection stage", expectedStage, stage + " (" + rejected.reason() + ")");
        }
        if (SCHEMA_ERROR.equals(expectedError.asText())) {
            if (rejected.issues().isEmpty()) {
                return CaseResult.failed("allow-list rejection", vectorCase.get("expected_error_detail"),
                        rejected.reason());
            }
            return IssueConformance.compare(vectorCase.path("expected_error_detail"), null, null, rejected.issues());
        }
        return CaseResult.expectEqual("rejection", expectedError.asText(), rejected.reason());
    }
}
