package io.rezilient.restore.indexer.manifest;

import io.rezilient.restore.contracts.json.JsText;
import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.json.JsValues;
import io.rezilient.restore.contracts.offsets.Offsets;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException.Stage;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Validates a manifest document into a {@link Manifest} (indexer-spec §2.2). Strings are trimmed; a missing
 * required field, a blank or wrongly typed value, an unsupported version or a missing Kafka coordinate rejects the
 * whole manifest with the reference's message. Fields the spec does not name ({@code artifact_sha256}, …) are
 * ignored.
 */
public final class ManifestParser {
    static final String ROOT_NOT_OBJECT = "manifest root must be an object";
    static final String ARTIFACT_KIND_RULE = "manifest.artifact_kind must be one of cdc|schema|media|error|repair";

    private ManifestParser() {
    }

    /**
     * Parses manifest JSON text read from {@code manifestKey}. Text that is not one JSON value (empty text
     * included, as {@code JSON.parse} refuses it) fails with the reference's message; the parser's own complaint
     * stays attached as the cause.
     */
    public static Manifest parse(String manifestKey, String text) {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException malformed) {
            throw new ArtifactRejectedException(Stage.MANIFEST, invalidJson(manifestKey), malformed);
        }
        if (root == null || root.isMissingNode()) {
            throw reject(invalidJson(manifestKey));
        }
        return parse(manifestKey, root);
    }

    private static String invalidJson(String manifestKey) {
        return "Invalid JSON in manifest " + manifestKey;
    }

    /** Validates a parsed manifest document read from {@code manifestKey}. */
    public static Manifest parse(String manifestKey, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw reject(ROOT_NOT_OBJECT);
        }
        Fields fields = new Fields(root);
        fields.requireVersion("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        fields.requireVersion("manifest_version", Manifest.MANIFEST_VERSION);
        fields.requireVersion("metadata_allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        ObjectKeyLayout layout = fields.requireOneOf("object_key_layout_version", ObjectKeyLayout::fromWire);
        String artifactKey = fields.requireString("artifact_key");
        ArtifactKind kind = fields.requireKind();
        String app = fields.nullableString("app");
        String table = fields.nullableString("table");
        String eventId = fields.requireString("event_id");
        String eventType = fields.requireString("event_type");
        Instant eventTime = fields.requireEventTime();
        String tenantId = fields.optionalString("tenant_id");
        String instanceId = fields.requireString("instance_id");
        String source = fields.requireString("source");
        String topic = fields.optionalString("topic");
        Integer partition = fields.optionalPartition();
        String offset = fields.optionalOffset();
        if (topic == null || partition == null || offset == null) {
            throw reject("manifest missing kafka coordinates for " + manifestKey);
        }
        return new Manifest(manifestKey, layout, artifactKey, kind, app, table, eventId, eventType, eventTime,
                tenantId, instanceId, source, topic, partition, offset);
    }

    private static ArtifactRejectedException missing(String field) {
        return reject("manifest." + field + " is required");
    }

    private static ArtifactRejectedException reject(String reason) {
        return new ArtifactRejectedException(Stage.MANIFEST, reason);
    }

    /** Typed reads of one manifest object; every failure names the field as {@code manifest.<field>}. */
    private record Fields(JsonNode root) {
        /** A required, non-blank string, trimmed. */
        String requireString(String field) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                throw missing(field);
            }
            return nonBlank(field, value, " must be a string");
        }

        /** A string that may be absent (or {@code null}); trimmed and non-blank when given. */
        String optionalString(String field) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            return nonBlank(field, value, " must be a string when provided");
        }

        /** A key that must be present but may hold {@code null}; otherwise a trimmed, non-blank string. */
        String nullableString(String field) {
            JsonNode value = root.get(field);
            if (value == null) {
                throw missing(field);
            }
            return value.isNull() ? null : nonBlank(field, value, " must be a string or null");
        }

        /** A required string that must equal the one version this indexer understands. */
        void requireVersion(String field, String supported) {
            requireOneOf(field, value -> Optional.of(value).filter(supported::equals));
        }

        /** A required string mapped to one of a closed set of values. */
        <T> T requireOneOf(String field, Function<String, Optional<T>> lookup) {
            String value = requireString(field);
            return lookup.apply(value)
                    .orElseThrow(() -> reject("unsupported manifest." + field + ": " + value));
        }

        /** The artifact kind; any other value is refused with the reference's message, which lists the kinds. */
        ArtifactKind requireKind() {
            String value = requireString("artifact_kind");
            return ArtifactKind.fromWire(value).orElseThrow(() -> reject(ARTIFACT_KIND_RULE));
        }

        /** The event time: a strict ISO UTC timestamp that names a real calendar instant. */
        Instant requireEventTime() {
            String value = requireString("event_time");
            return IsoUtc.parse(value)
                    .orElseThrow(() -> reject("Invalid manifest.event_time value: " + value));
        }

        /**
         * The partition: a JSON integer {@code >= 0} (a digit string is refused, as in the reference); it must also
         * fit the index's integer partition column.
         */
        Integer optionalPartition() {
            JsonNode value = root.get("partition");
            if (value == null || value.isNull()) {
                return null;
            }
            double number = value.isNumber() ? JsValues.toDouble(value) : Double.NaN;
            if (!(number >= 0) || number != Math.rint(number)) {
                throw reject("manifest.partition must be a non-negative integer when provided");
            }
            if (number > Integer.MAX_VALUE) {
                throw reject("manifest.partition must be at most " + Integer.MAX_VALUE + ", got "
                        + JsValues.toDisplayString(value));
            }
            return (int) number;
        }

        /**
         * The offset: a JSON string of digits (never a number, which could have lost precision), canonicalised. A
         * string that is no offset is named as read (trimmed, not canonicalised), as the event time is.
         */
        String optionalOffset() {
            String value = optionalString("offset");
            if (value == null) {
                return null;
            }
            try {
                return Offsets.canonicalize(value);
            } catch (IllegalArgumentException notAnOffset) {
                throw reject("Invalid manifest.offset value: " + value);
            }
        }

        private String nonBlank(String field, JsonNode value, String typeRule) {
            if (!value.isTextual()) {
                throw reject("manifest." + field + typeRule);
            }
            String trimmed = JsText.trim(value.textValue());
            if (trimmed.isEmpty()) {
                throw reject("manifest." + field + " must not be empty");
            }
            return trimmed;
        }
    }
}
