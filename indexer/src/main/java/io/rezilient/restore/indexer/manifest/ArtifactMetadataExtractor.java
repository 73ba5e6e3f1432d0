package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException.Stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.rezilient.restore.indexer.manifest.MetadataKeys.ATTACHMENT_SYS_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_TYPE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.OPERATION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.RECORD_SYS_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SCHEMA_VERSION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SOURCE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_MOD_COUNT;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_UPDATED_ON;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TABLE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TIME;

/**
 * Extracts the allow-listed operational metadata from an artifact body (indexer-spec §2.3). Sources are applied in
 * a fixed order and a later one overwrites an earlier one: top-level allow-listed keys, the flattened REC
 * {@code __*} fields, the embedded CloudEvent {@code event}, the {@code media}, {@code error} and {@code repair}
 * objects, and finally the manifest for whatever is still absent. Everything else in the artifact (encrypted
 * payloads, plaintext columns) is dropped, so it can never reach the index.
 */
public final class ArtifactMetadataExtractor {
    static final String ROOT_NOT_OBJECT = "artifact payload root must be an object";

    /** REC's flattened header fields and the metadata key each one feeds, in the reference's order. */
    private static final Map<String, String> FLATTENED = orderedMap(
            "__time", TIME,
            "__event_id", EVENT_ID,
            "__source", SOURCE,
            "__table", TABLE,
            "__type", EVENT_TYPE,
            "__record_sys_id", RECORD_SYS_ID,
            "__attachment_sys_id", ATTACHMENT_SYS_ID,
            "__schema_version", SCHEMA_VERSION,
            "__sys_mod_count", SYS_MOD_COUNT,
            "__sys_updated_on", SYS_UPDATED_ON);

    /** The only CloudEvent envelope fields used; {@code data}, {@code subject} and extensions are ignored. */
    private static final Map<String, String> ENVELOPE = orderedMap(
            "id", EVENT_ID,
            "source", SOURCE,
            "time", TIME,
            "type", EVENT_TYPE);

    /** {@code __op} is taken only when it is exactly one of these; anything else (even {@code "u"}) is ignored. */
    private static final Set<String> FLATTENED_OPERATIONS = Set.of("I", "U", "D");

    private static final String FLATTENED_OPERATION = "__op";
    private static final String EVENT = "event";
    private static final String MEDIA = "media";
    private static final String MEDIA_OPERATION = "op";
    private static final String ERROR = "error";
    private static final String REPAIR = "repair";

    private ArtifactMetadataExtractor() {
    }

    /** Extracts metadata from artifact JSON text. */
    public static ManifestItem extract(Manifest manifest, String artifactText) {
        JsonNode artifact;
        try {
            artifact = Json.parse(artifactText);
        } catch (IllegalArgumentException malformed) {
            throw new ArtifactRejectedException(Stage.ARTIFACT,
                    "artifact payload is not valid JSON: " + malformed.getMessage(), malformed);
        }
        return extract(manifest, artifact);
    }

    /** Extracts metadata from a parsed artifact body. */
    public static ManifestItem extract(Manifest manifest, JsonNode artifact) {
        if (artifact == null || !artifact.isObject()) {
            throw new ArtifactRejectedException(Stage.ARTIFACT, ROOT_NOT_OBJECT);
        }
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        copyAllowListed(artifact, metadata);
        copyMapped(artifact, FLATTENED, metadata);
        JsonNode operation = artifact.get(FLATTENED_OPERATION);
        if (operation != null && operation.isTextual() && FLATTENED_OPERATIONS.contains(operation.textValue())) {
            metadata.set(OPERATION, operation);
        }
        JsonNode event = artifact.get(EVENT);
        if (event != null && event.isObject()) {
            copyMapped(event, ENVELOPE, metadata);
        }
        JsonNode media = artifact.get(MEDIA);
        if (media != null && media.isObject()) {
            copyAllowListed(media, metadata);
            copyIfPresent(media, MEDIA_OPERATION, metadata, OPERATION);
        }
        for (String section : List.of(ERROR, REPAIR)) {
            JsonNode object = artifact.get(section);
            if (object != null && object.isObject()) {
                copyAllowListed(object, metadata);
            }
        }
        ManifestFallbacks.fillAbsent(metadata, manifest);
        return new ManifestItem(manifest, metadata);
    }

    private static void copyAllowListed(JsonNode from, ObjectNode into) {
        for (String key : AllowListedKeys.of(from)) {
            into.set(key, from.get(key));
        }
    }

    private static void copyMapped(JsonNode from, Map<String, String> mapping, ObjectNode into) {
        mapping.forEach((fromKey, intoKey) -> copyIfPresent(from, fromKey, into, intoKey));
    }

    /**
     * Copies a present value, {@code null} included: validation, not extraction, decides whether it is allowed.
     * Values are shared with the artifact tree; {@link ManifestItem} takes its own copy.
     */
    private static void copyIfPresent(JsonNode from, String fromKey, ObjectNode into, String intoKey) {
        JsonNode value = from.get(fromKey);
        if (value != null) {
            into.set(intoKey, value);
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
