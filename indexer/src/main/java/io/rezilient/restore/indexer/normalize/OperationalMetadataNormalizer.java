package io.rezilient.restore.indexer.normalize;

import io.rezilient.restore.contracts.json.JsText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.OperationalMetadataSchema;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.contracts.validation.ValidationException;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException;
import io.rezilient.restore.indexer.manifest.ArtifactRejectedException.Stage;
import io.rezilient.restore.indexer.manifest.Manifest;
import io.rezilient.restore.indexer.manifest.ManifestFallbacks;
import io.rezilient.restore.indexer.manifest.ManifestItem;

import java.time.Instant;
import java.util.List;

import static io.rezilient.restore.indexer.manifest.MetadataKeys.ATTACHMENT_SYS_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.CONTENT_TYPE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_TYPE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.INSTANCE_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.MEDIA_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.OFFSET;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.OPERATION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.PARTITION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.RECORD_SYS_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SCHEMA_VERSION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SHA256_PLAIN;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SIZE_BYTES;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SOURCE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_MOD_COUNT;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SYS_UPDATED_ON;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TABLE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TENANT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TIME;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TOPIC;

/**
 * {@code normalizeOperationalMetadata} (indexer-spec §3): turns a manifest and its extracted metadata into the one
 * {@link NormalizedEvent} the index stores, or rejects the item. Steps, first failure wins:
 * <ol>
 *   <li>identity: a non-blank metadata {@code tenant_id}, {@code instance_id} or {@code source} must equal the
 *       manifest's (compared trimmed), so an artifact cannot claim another tenant's partition;</li>
 *   <li>manifest fallbacks for absent keys (never the configured tenant);</li>
 *   <li>{@code __time} must be a strict ISO UTC timestamp and becomes its millisecond form;</li>
 *   <li>digit strings of integer keys become numbers;</li>
 *   <li>strict validation against allow-list {@code rrs.metadata.allowlist.v1}: any other key, such as a plaintext
 *       {@code snapshot} or {@code short_description}, rejects the item;</li>
 *   <li>Kafka coordinates and the canonical identity must be present.</li>
 * </ol>
 */
public final class OperationalMetadataNormalizer {
    /** Identity keys checked against the manifest, in the reference's order. */
    private static final List<String> IDENTITY_KEYS = List.of(TENANT_ID, INSTANCE_ID, SOURCE);
    private static final List<String> COORDINATE_KEYS = List.of(TOPIC, PARTITION, OFFSET);
    private static final List<String> REQUIRED_IDENTITY_KEYS = List.of(INSTANCE_ID, SOURCE, TENANT_ID);
    private static final String METADATA = "metadata";
    /** The index stores offsets as {@code NUMERIC(20,0)}: every unsigned 64-bit value fits, nothing longer does. */
    static final int MAX_OFFSET_DIGITS = 20;

    private OperationalMetadataNormalizer() {
    }

    /** Normalises a work item read by {@link io.rezilient.restore.indexer.manifest.ArtifactMetadataExtractor}. */
    public static NormalizedEvent normalize(ManifestItem item) {
        return normalizeOwned(item.manifest(), item.metadata()); // metadata() is already a private copy
    }

    /**
     * Normalises {@code metadata} (not modified) against {@code manifest}.
     *
     * @throws ArtifactRejectedException at stage {@link Stage#NORMALIZE} with the operator-facing reason
     */
    public static NormalizedEvent normalize(Manifest manifest, ObjectNode metadata) {
        return normalizeOwned(manifest, metadata.deepCopy());
    }

    /** Normalises {@code working}, which belongs to this call alone and is changed on the way. */
    private static NormalizedEvent normalizeOwned(Manifest manifest, ObjectNode working) {
        checkIdentity(working, manifest);
        ManifestFallbacks.fillAbsent(working, manifest);
        canonicalizeTime(working);
        IntegerCoercion.apply(working);
        JsonNode valid = validate(working);
        requirePresent(valid);
        return toEvent(valid, manifest);
    }

    private static void checkIdentity(ObjectNode metadata, Manifest manifest) {
        for (String key : IDENTITY_KEYS) {
            JsonNode claimed = metadata.get(key);
            String expected = manifestIdentity(manifest, key);
            // A blank or non-string claim is not compared: the allow-list (or the required-identity check) judges it.
            if (claimed == null || !claimed.isTextual() || JsText.isBlank(claimed.textValue()) || expected == null) {
                continue;
            }
            String trimmed = JsText.trim(claimed.textValue());
            if (!trimmed.equals(expected)) {
                throw reject("Canonical identity mismatch for " + key + ": metadata=" + trimmed
                        + " manifest=" + expected);
            }
        }
    }

    private static String manifestIdentity(Manifest manifest, String key) {
        return switch (key) {
            case TENANT_ID -> manifest.tenantId();
            case INSTANCE_ID -> manifest.instanceId();
            case SOURCE -> manifest.source();
            default -> throw new IllegalArgumentException("not an identity key: " + key);
        };
    }

    private static void canonicalizeTime(ObjectNode metadata) {
        JsonNode time = metadata.get(TIME);
        if (time == null || !time.isTextual()) {
            throw reject("Invalid metadata.__time value type: expected string");
        }
        Instant instant = IsoUtc.parse(time.textValue())
                .orElseThrow(() -> reject("Invalid metadata.__time value: " + time.textValue()));
        metadata.put(TIME, IsoUtc.format(instant));
    }

    /** Strict allow-list validation; the envelope gives issue paths the reference's {@code metadata.} prefix. */
    private static JsonNode validate(ObjectNode metadata) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        envelope.set(METADATA, metadata);
        ParseResult result = OperationalMetadataSchema.ENVELOPE.parse(envelope);
        if (!result.isValid()) {
            throw new ArtifactRejectedException(Stage.NORMALIZE, "metadata rejected by allow-list "
                    + PlanContract.METADATA_ALLOWLIST_VERSION + ": "
                    + new ValidationException(result.issues()).getMessage(), result.issues());
        }
        return result.value().get(METADATA);
    }

    private static void requirePresent(JsonNode metadata) {
        for (String key : COORDINATE_KEYS) {
            if (!metadata.has(key)) {
                throw reject("Operational metadata is missing " + key);
            }
        }
        for (String key : REQUIRED_IDENTITY_KEYS) {
            if (!metadata.has(key)) {
                throw reject("Canonical identity missing required field: " + key);
            }
        }
        if (!metadata.has(TIME)) {
            throw reject("Operational metadata is missing " + TIME);
        }
    }

    private static NormalizedEvent toEvent(JsonNode metadata, Manifest manifest) {
        String operation = text(metadata, OPERATION);
        return new NormalizedEvent(
                text(metadata, TENANT_ID), text(metadata, INSTANCE_ID), text(metadata, SOURCE),
                text(metadata, TOPIC), intColumn(metadata, PARTITION), offsetColumn(metadata),
                IsoUtc.parse(text(metadata, TIME)).orElseThrow(),
                text(metadata, TABLE), text(metadata, RECORD_SYS_ID), text(metadata, ATTACHMENT_SYS_ID),
                text(metadata, MEDIA_ID), text(metadata, EVENT_ID), text(metadata, EVENT_TYPE),
                operation == null ? null : SourceOperation.fromWire(operation),
                intColumn(metadata, SCHEMA_VERSION), intColumn(metadata, SYS_MOD_COUNT),
                text(metadata, SYS_UPDATED_ON), text(metadata, CONTENT_TYPE), longColumn(metadata, SIZE_BYTES),
                text(metadata, SHA256_PLAIN),
                manifest.artifactKind(), manifest.artifactKey(), manifest.manifestKey(), manifest.app());
    }

    private static String text(JsonNode metadata, String key) {
        JsonNode value = metadata.get(key);
        return value == null ? null : value.textValue();
    }

    private static String offsetColumn(JsonNode metadata) {
        String offset = text(metadata, OFFSET);
        if (offset.length() > MAX_OFFSET_DIGITS) {
            throw reject("metadata.offset " + offset + " has more than the " + MAX_OFFSET_DIGITS
                    + " digits the index stores");
        }
        return offset;
    }

    /** Validated integers are safe JavaScript integers, so they fit a {@code long}. */
    private static Long longColumn(JsonNode metadata, String key) {
        JsonNode value = metadata.get(key);
        return value == null ? null : value.asLong();
    }

    /**
     * An integer the index keeps in an {@code INT} column. The allow-list admits any safe integer, so a larger
     * value is rejected here, naming the field, rather than failing the whole batch's database write.
     */
    private static Integer intColumn(JsonNode metadata, String key) {
        Long value = longColumn(metadata, key);
        if (value != null && value > Integer.MAX_VALUE) {
            throw reject("metadata." + key + " " + value + " is above the largest value the index stores ("
                    + Integer.MAX_VALUE + ")");
        }
        return value == null ? null : value.intValue();
    }

    private static ArtifactRejectedException reject(String reason) {
        return new ArtifactRejectedException(Stage.NORMALIZE, reason);
    }
}
