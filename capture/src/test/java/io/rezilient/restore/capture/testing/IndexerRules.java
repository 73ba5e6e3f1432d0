package io.rezilient.restore.capture.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.offsets.Offsets;
import io.rezilient.restore.contracts.plan.OperationalMetadataSchema;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.validation.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The indexer's acceptance rules for what capture writes, written from indexer-spec §2.2 (manifest validation),
 * §2.3 (metadata extraction) and §3 (allow-list): a test oracle until the indexer module exists.
 */
public final class IndexerRules {
    private static final Set<String> KINDS = Set.of("cdc", "schema", "media", "error", "repair");
    private static final Set<String> LAYOUTS = Set.of("rec.object-key-layout.v1", "rec.object-key-layout.v2");
    private static final List<String> REQUIRED_STRINGS = List.of("artifact_key", "event_id", "event_type",
            "instance_id", "source");
    private static final Set<String> ALLOWLIST = Set.of("tenant_id", "instance_id", "source", "table",
            "record_sys_id", "attachment_sys_id", "media_id", "event_id", "event_type", "operation", "schema_version",
            "sys_updated_on", "sys_mod_count", "__time", "topic", "partition", "offset", "content_type", "size_bytes",
            "sha256_plain");
    private static final Map<String, String> MAPPED = Map.of("__event_id", "event_id", "__source", "source",
            "__table", "table", "__time", "__time", "__type", "event_type", "__record_sys_id", "record_sys_id",
            "__attachment_sys_id", "attachment_sys_id", "__schema_version", "schema_version",
            "__sys_mod_count", "sys_mod_count", "__sys_updated_on", "sys_updated_on");

    private IndexerRules() {
    }

    /** Every violation of §2.2 in {@code manifest} (empty = the indexer accepts it). */
    public static List<String> manifestProblems(JsonNode manifest) {
        List<String> problems = new ArrayList<>();
        if (manifest == null || !manifest.isObject()) {
            problems.add("manifest root must be an object");
            return problems;
        }
        expect(manifest, "contract_version", "restore.contracts.v1", problems);
        expect(manifest, "manifest_version", "rec.artifact-manifest.v1", problems);
        expect(manifest, "metadata_allowlist_version", "rrs.metadata.allowlist.v1", problems);
        if (!LAYOUTS.contains(manifest.path("object_key_layout_version").asText())) {
            problems.add("unsupported manifest.object_key_layout_version");
        }
        if (!manifest.path("topic").isTextual() || manifest.path("topic").asText().isBlank()
                || !manifest.path("partition").isIntegralNumber() || manifest.path("partition").asLong() < 0
                || !manifest.path("offset").isTextual() || !Offsets.isValid(manifest.get("offset"))) {
            problems.add("manifest missing kafka coordinates");
        }
        for (String field : REQUIRED_STRINGS) {
            JsonNode value = manifest.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                problems.add("manifest." + field + " is required");
            }
        }
        if (!manifest.path("event_time").isTextual() || !IsoUtc.isValid(manifest.path("event_time").asText())) {
            problems.add("Invalid manifest.event_time value");
        }
        if (!KINDS.contains(manifest.path("artifact_kind").asText())) {
            problems.add("manifest.artifact_kind invalid");
        }
        for (String nullable : List.of("app", "table")) {
            JsonNode value = manifest.get(nullable);
            if (value == null || !(value.isNull() || value.isTextual() && !value.asText().isBlank())) {
                problems.add("manifest." + nullable + " must be present (string or null)");
            }
        }
        if (manifest.has("tenant_id") && (!manifest.get("tenant_id").isTextual()
                || manifest.get("tenant_id").asText().isBlank())) {
            problems.add("manifest.tenant_id must be a non-blank string when present");
        }
        return problems;
    }

    private static void expect(JsonNode manifest, String field, String expected, List<String> problems) {
        if (!expected.equals(manifest.path(field).asText(null))) {
            problems.add("unsupported manifest." + field + ": " + manifest.get(field));
        }
    }

    /** The metadata the indexer extracts from {@code artifact} with manifest fallbacks (§2.3), before validation. */
    public static ObjectNode extractMetadata(JsonNode manifest, JsonNode artifact) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        artifact.properties().forEach(e -> {
            if (ALLOWLIST.contains(e.getKey())) {
                metadata.set(e.getKey(), e.getValue());
            }
        });
        MAPPED.forEach((from, to) -> {
            if (artifact.has(from)) {
                metadata.set(to, artifact.get(from));
            }
        });
        JsonNode op = artifact.get("__op");
        if (op != null && op.isTextual() && Set.of("I", "U", "D").contains(op.asText())) {
            metadata.set("operation", op);
        }
        JsonNode media = artifact.get("media");
        if (media != null && media.isObject()) {
            media.properties().forEach(e -> {
                if (ALLOWLIST.contains(e.getKey())) {
                    metadata.set(e.getKey(), e.getValue());
                }
            });
            if (media.has("op")) {
                metadata.set("operation", media.get("op"));
            }
        }
        for (String field : List.of("tenant_id", "instance_id", "source", "event_id", "event_type", "topic",
                "partition", "offset")) {
            if (!metadata.has(field) && manifest.has(field)) {
                metadata.set(field, manifest.get(field));
            }
        }
        if (!metadata.has("__time")) {
            metadata.set("__time", manifest.get("event_time"));
        }
        if (!metadata.has("table") && manifest.hasNonNull("table")) {
            metadata.set("table", manifest.get("table"));
        }
        return metadata;
    }

    /** Problems the allow-list schema (§3) and the identity checks find in extracted metadata. */
    public static List<String> metadataProblems(JsonNode manifest, ObjectNode metadata) {
        List<String> problems = new ArrayList<>();
        for (String field : List.of("tenant_id", "instance_id", "source")) {
            if (metadata.hasNonNull(field) && manifest.hasNonNull(field)
                    && !metadata.get(field).asText().strip().equals(manifest.get(field).asText().strip())) {
                problems.add("Canonical identity mismatch for " + field);
            }
        }
        ParseResult result = OperationalMetadataSchema.METADATA.parse(metadata);
        result.issues().forEach(issue -> problems.add(issue.pathText() + ": " + issue.message()));
        for (String field : List.of("topic", "partition", "offset", "instance_id", "source", "tenant_id", "__time")) {
            if (!metadata.has(field)) {
                problems.add("metadata is missing " + field);
            }
        }
        return problems;
    }
}
