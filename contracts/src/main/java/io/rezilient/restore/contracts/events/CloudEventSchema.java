package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.validation.BuiltInMessages;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.ObjectSchema;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.contracts.validation.Schema;
import io.rezilient.restore.contracts.validation.Schemas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CloudEvents 1.0 structured envelope the capture pipeline accepts: a discriminated union on {@code type}
 * whose variants share the envelope and differ in {@code data} ({@link EventDataSchemas}). An unknown or missing
 * {@code type} is one {@code invalid_union} issue at {@code ["type"]}.
 *
 * <p>Each variant declares {@code type} and {@code data} before the envelope fields, so problems inside
 * {@code data} are reported before envelope problems, as the reference reports them.
 */
public final class CloudEventSchema {
    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    /** ISO-8601 day durations ({@code P30D}), case-insensitive as in the reference. */
    private static final Pattern RETENTION = Pattern.compile("P\\d+D", Pattern.CASE_INSENSITIVE);
    private static final String RETENTION_MESSAGE = BuiltInMessages.patternMismatch("/^P\\d+D$/i");

    /**
     * The optional {@code extensions} object (indexer-spec §1a): producer-side routing and retention hints, strict,
     * every key optional. {@code retention_days} is either a day count or the same ISO duration {@code retention}
     * takes.
     */
    public static final ObjectSchema EXTENSIONS = Schemas.object()
            .field("instance_id", ContractFields.nonEmptyString().optional())
            .field("partition_key", ContractFields.nonEmptyString().optional())
            .field("producer", ContractFields.nonEmptyString().optional())
            .field("retention", retentionDuration().optional())
            .field("retention_days", Schemas.union(ContractFields.positiveInt(), retentionDuration()).optional())
            .field("retention_ttl_ms", ContractFields.positiveInt().optional())
            .field("seq", ContractFields.nonNegativeInt().optional())
            .field("source", ContractFields.nonEmptyString().optional())
            .field("tenant_id", ContractFields.nonEmptyString().optional());

    /** Envelope attributes after {@code type} and {@code data}. */
    static final ObjectSchema ENVELOPE = Schemas.object()
            .field("specversion", Schemas.literal(SPEC_VERSION))
            .field("id", ContractFields.nonEmptyString())
            .field("source", ContractFields.nonEmptyString())
            .field("subject", ContractFields.nonEmptyString().optional())
            .field("time", ContractFields.isoDateTime())
            .field("datacontenttype", Schemas.literal(DATA_CONTENT_TYPE).optional())
            .field("extensions", EXTENSIONS.optional());

    /** {@code CloudEventSchema}. */
    public static final Schema SCHEMA = Schemas.discriminatedUnion("type", variants());

    private CloudEventSchema() {
    }

    /** Validates one event; the result lists every issue in the reference's order. */
    public static ParseResult validate(JsonNode event) {
        return SCHEMA.parse(event);
    }

    private static Schema retentionDuration() {
        return Schemas.string().regex(RETENTION, RETENTION_MESSAGE);
    }

    private static Map<String, Schema> variants() {
        Map<String, Schema> variants = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            variants.put(type.wire(), Schemas.object()
                    .field("type", Schemas.literal(type.wire()))
                    .field("data", EventDataSchemas.of(type))
                    .extend(ENVELOPE));
        }
        return variants;
    }
}
