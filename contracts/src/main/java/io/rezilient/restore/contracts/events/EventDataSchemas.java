package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.ObjectSchema;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} schema of each event type. All are strict: record values travel only encrypted, so a
 * plaintext {@code snapshot} is refused by name and any other undeclared key is rejected.
 *
 * <p>Rules observed in the reference vectors are reproduced exactly; where the vectors are silent (which op codes
 * {@code cdc.write} allows, optional fields such as {@code sys_mod_count}, the shape of a schema change) the choice
 * is ours and listed in docs/deviations.md.
 */
public final class EventDataSchemas {
    public static final String SNAPSHOT_ENC_REQUIRED_MESSAGE = "snapshot_enc is required";
    public static final String SNAPSHOT_PLAINTEXT_MESSAGE = "snapshot plaintext not allowed";
    /** The only chunk framing a chunked media blob may use. */
    public static final String CHUNK_FORMAT_LENGTH_PREFIXED = "length_prefixed";

    /** Severities an {@code error.report} may carry. */
    public static final List<String> SEVERITIES = List.of("debug", "info", "warning", "error", "critical");

    static final ObjectSchema CHUNKING = Schemas.object()
            .field("chunk_size_bytes", ContractFields.positiveInt())
            .field("chunk_count", ContractFields.nonNegativeInt())
            .field("format", Schemas.literal(CHUNK_FORMAT_LENGTH_PREFIXED));

    /** An encrypted media blob stored as chunks elsewhere: the envelope fields without inline ciphertext. */
    static final ObjectSchema CHUNKED_BLOB = Schemas.object()
            .field("v", ContractFields.positiveInt().optional())
            .field("alg", ContractFields.nonEmptyString())
            .field("kid", ContractFields.nonEmptyString().optional())
            .field("module", ContractFields.nonEmptyString().optional())
            .field("format", ContractFields.nonEmptyString().optional())
            .field("compression", Schemas.oneOf(ContractFields.COMPRESSION_GZIP, ContractFields.COMPRESSION_NONE)
                    .optional())
            .field("chunking", CHUNKING)
            .field("sha256", ContractFields.sha256Hex().optional());

    private static final Map<EventType, Schema> BY_TYPE = build();

    private EventDataSchemas() {
    }

    /** The {@code data} schema of {@code type}. */
    public static Schema of(EventType type) {
        return BY_TYPE.get(type);
    }

    private static Map<EventType, Schema> build() {
        Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);
        schemas.put(EventType.CDC_WRITE, cdc(Schemas.oneOf("I", "U")));
        schemas.put(EventType.CDC_DELETE, cdc(Schemas.literal("D")));
        schemas.put(EventType.SCHEMA_CHANGE, schemaChange());
        schemas.put(EventType.SCHEMA_SNAPSHOT, schemaSnapshot());
        schemas.put(EventType.MEDIA_MANIFEST, mediaContent(Schemas.literal("I")));
        schemas.put(EventType.MEDIA_META, mediaContent(Schemas.literal("U")));
        schemas.put(EventType.MEDIA_DELETE, mediaDelete());
        schemas.put(EventType.ERROR_REPORT, errorReport());
        schemas.put(EventType.REPAIR_REPORT, repairReport());
        return schemas;
    }

    private static Schema cdc(Schema op) {
        return Schemas.object()
                .field("op", op)
                .field("table", ContractFields.nonEmptyString())
                .field("record_sys_id", ContractFields.nonEmptyString())
                .field("schema_version", ContractFields.positiveInt())
                .field("sys_updated_on", ContractFields.serviceNowDateTime())
                .field("sys_mod_count", ContractFields.nonNegativeInt().optional())
                .field("snapshot_enc", ContractFields.encryptedPayload().optional())
                .field("snapshot", Schemas.unknown())
                .field("changed_fields", Schemas.array(Schemas.string()).optional())
                .refine(EventDataSchemas::requireEncryptedSnapshot);
    }

    private static Schema schemaChange() {
        ObjectSchema change = Schemas.object()
                .field("element", ContractFields.nonEmptyString())
                .field("kind", ContractFields.nonEmptyString())
                .unknownKeys(ObjectSchema.UnknownKeys.PASSTHROUGH);
        return Schemas.object()
                .field("table", ContractFields.nonEmptyString())
                .field("change", change);
    }

    private static Schema schemaSnapshot() {
        return Schemas.object()
                .field("table", ContractFields.nonEmptyString())
                .field("schema_hash", ContractFields.nonEmptyString())
                .field("schema_version", ContractFields.positiveInt())
                .field("snapshot_enc", ContractFields.encryptedPayload().optional())
                .field("snapshot", Schemas.unknown())
                .refine(EventDataSchemas::requireEncryptedSnapshot);
    }

    private static Schema mediaContent(Schema op) {
        return Schemas.object()
                .field("op", op)
                .field("table", ContractFields.nonEmptyString())
                .field("record_sys_id", ContractFields.nonEmptyString())
                .field("attachment_sys_id", ContractFields.nonEmptyString())
                .field("sys_created_on", ContractFields.serviceNowDateTime())
                .field("sys_updated_on", ContractFields.serviceNowDateTime())
                .field("size_bytes", ContractFields.nonNegativeInt())
                .field("content_type", ContractFields.nonEmptyString())
                .field("sha256_plain", ContractFields.nonEmptyString()) // the reference does not hex-check it here
                .field("media_id", ContractFields.nonEmptyString().optional())
                .field("blob_enc", CHUNKED_BLOB)
                .field("meta_enc", ContractFields.encryptedPayload());
    }

    private static Schema mediaDelete() {
        return Schemas.object()
                .field("op", Schemas.literal("D"))
                .field("table", ContractFields.nonEmptyString())
                .field("record_sys_id", ContractFields.nonEmptyString())
                .field("attachment_sys_id", ContractFields.nonEmptyString())
                .field("sys_updated_on", ContractFields.serviceNowDateTime())
                .field("media_id", ContractFields.nonEmptyString().optional());
    }

    private static Schema errorReport() {
        return Schemas.object()
                .field("source", ContractFields.nonEmptyString())
                .field("severity", Schemas.oneOf(SEVERITIES))
                .field("message", ContractFields.nonEmptyString())
                .field("error_code", ContractFields.nonEmptyString().optional())
                .field("component", ContractFields.nonEmptyString().optional())
                .field("table", ContractFields.nonEmptyString().optional())
                .field("record_sys_id", ContractFields.nonEmptyString().optional())
                .field("attachment_sys_id", ContractFields.nonEmptyString().optional());
    }

    private static Schema repairReport() {
        return Schemas.object()
                .field("source", ContractFields.nonEmptyString())
                .field("component", ContractFields.nonEmptyString())
                .field("stage", ContractFields.nonEmptyString())
                .field("disposition", ContractFields.nonEmptyString())
                .field("repair_action", ContractFields.nonEmptyString())
                .field("original_event_id", ContractFields.nonEmptyString())
                .field("attempts", ContractFields.nonNegativeInt())
                .field("table", ContractFields.nonEmptyString().optional())
                .field("record_sys_id", ContractFields.nonEmptyString().optional())
                .field("message", ContractFields.nonEmptyString().optional());
    }

    /** The plaintext snapshot is refused first, then a missing encrypted one is reported (both, when both apply). */
    private static void requireEncryptedSnapshot(JsonNode data, RefinementContext context) {
        if (data.has("snapshot")) {
            context.addIssue(SNAPSHOT_PLAINTEXT_MESSAGE, "snapshot");
        }
        if (!data.has("snapshot_enc")) {
            context.addIssue(SNAPSHOT_ENC_REQUIRED_MESSAGE, "snapshot_enc");
        }
    }
}
