package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.ObjectSchema;
import io.rezilient.restore.contracts.validation.RefinementContext;
import io.rezilient.restore.contracts.validation.Schemas;

/**
 * The metadata allow-list {@code rrs.metadata.allowlist.v1} (indexer-spec §3): the only operational facts about an
 * event that may travel with a plan row or media candidate. It is strict so plaintext record values can never slip
 * in under another name. Rows and candidates carry it in the envelope {@code {allowlist_version, metadata}}.
 */
public final class OperationalMetadataSchema {
    public static final String TABLE_MISMATCH_MESSAGE = "metadata.table must match table";
    public static final String RECORD_MISMATCH_MESSAGE = "metadata.record_sys_id must match record_sys_id";

    /** The allow-listed keys, each optional, in the reference's declaration order. */
    public static final ObjectSchema METADATA = Schemas.object()
            .field("tenant_id", ContractFields.nonEmptyString().optional())
            .field("instance_id", ContractFields.nonEmptyString().optional())
            .field("source", ContractFields.nonEmptyString().optional())
            .field("table", ContractFields.nonEmptyString().optional())
            .field("record_sys_id", ContractFields.nonEmptyString().optional())
            .field("attachment_sys_id", ContractFields.nonEmptyString().optional())
            .field("media_id", ContractFields.nonEmptyString().optional())
            .field("event_id", ContractFields.nonEmptyString().optional())
            .field("event_type", ContractFields.nonEmptyString().optional())
            .field("operation", Schemas.oneOf("I", "U", "D").optional())
            .field("schema_version", ContractFields.positiveInt().optional())
            .field("sys_updated_on", ContractFields.serviceNowDateTime().optional())
            .field("sys_mod_count", ContractFields.nonNegativeInt().optional())
            .field("__time", ContractFields.isoDateTime().optional())
            .field("topic", ContractFields.nonEmptyString().optional())
            .field("partition", ContractFields.nonNegativeInt().optional())
            .field("offset", ContractFields.offset().optional())
            .field("content_type", ContractFields.nonEmptyString().optional())
            .field("size_bytes", ContractFields.nonNegativeInt().optional())
            .field("sha256_plain", ContractFields.sha256Hex().optional());

    /** {@code {allowlist_version: "rrs.metadata.allowlist.v1", metadata: {...}}}. */
    public static final ObjectSchema ENVELOPE = Schemas.object()
            .field("allowlist_version", Schemas.literal(PlanContract.METADATA_ALLOWLIST_VERSION))
            .field("metadata", METADATA);

    private OperationalMetadataSchema() {
    }

    /**
     * Reports an envelope whose {@code metadata.table} or {@code metadata.record_sys_id} names a different record
     * than its owner (a plan row or media candidate), at the offending metadata field.
     */
    static void requireSameRecord(JsonNode owner, RefinementContext context) {
        JsonNode metadata = owner.path("metadata").path("metadata");
        requireEqual(metadata, owner, "table", TABLE_MISMATCH_MESSAGE, context);
        requireEqual(metadata, owner, "record_sys_id", RECORD_MISMATCH_MESSAGE, context);
    }

    private static void requireEqual(JsonNode metadata, JsonNode owner, String field, String message,
                                     RefinementContext context) {
        JsonNode claimed = metadata.get(field);
        if (claimed != null && !claimed.equals(owner.get(field))) {
            context.addIssue(message, "metadata", "metadata", field);
        }
    }
}
