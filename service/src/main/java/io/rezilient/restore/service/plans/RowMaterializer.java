package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.ids.PreconditionHash;
import io.rezilient.restore.contracts.ids.RowIds;
import io.rezilient.restore.contracts.pit.PitTuple;
import io.rezilient.restore.contracts.pit.SysModCount;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.plan.PlanHashInputSchema;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.SourceOperation;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.ParseResult;
import io.rezilient.restore.service.index.IndexScope;
import io.rezilient.restore.service.index.IndexedEvent;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a record's PIT winner and its artifact body into a draft plan row (service-spec §4.5). The index supplies
 * where and when the event happened (table, record, ids, times, topic/partition/offset); the body supplies what
 * happened (operation, event type, schema version) and the encrypted values. Nothing is decrypted.
 *
 * <p>The finished row is validated against the plan's row contract ({@link PlanHashInputSchema#ROW}); a row that
 * breaks it (say, an event time that is not ISO UTC) fails with the contract's
 * {@link io.rezilient.restore.contracts.validation.ValidationException}, as the reference fails with its schema
 * error, rather than as a materialisation error: it means the index holds data no plan may carry.
 */
public final class RowMaterializer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    private static final String CDC_DELETE = "cdc.delete";
    private static final String CDC_WRITE = "cdc.write";
    /** Where an operation letter may sit, most specific first. */
    private static final List<List<String>> OPERATION_PATHS = List.of(List.of("__op"), List.of("operation"),
            List.of("op"), List.of("media", "op"), List.of("event", "data", "op"));
    private static final List<List<String>> SCHEMA_VERSION_PATHS = List.of(List.of("__schema_version"),
            List.of("schema_version"), List.of("event", "data", "schema_version"));
    /** Candidates for the row's {@code diff_enc}: a diff, else the full row, else the event's snapshot. */
    private static final List<List<String>> DIFF_PATHS = List.of(List.of("diff_enc"), List.of("row_enc"),
            List.of("event", "data", "snapshot_enc"));
    private static final List<String> IMAGE_FIELDS = List.of("before_image_enc", "after_image_enc");

    private RowMaterializer() {
    }

    /**
     * The tenant/instance/source a row is materialised for. A blank value fails as the reference fails while
     * building the row's metadata ({@code invalid_artifact_body}, {@code "<field> is required"}).
     */
    public static IndexScope scope(String tenantId, String instanceId, String source) {
        requireNonBlank("tenantId", tenantId);
        requireNonBlank("instanceId", instanceId);
        requireNonBlank("source", source);
        return new IndexScope(tenantId, instanceId, source);
    }

    /** Materialises {@code winner} with its {@code __time} rendered from the index's instant. */
    public static DraftRow materialize(IndexScope scope, IndexedEvent winner, Optional<JsonNode> body) {
        return materialize(scope, winner, winner.eventTimeIso(), body);
    }

    /**
     * Materialises {@code winner} with {@code eventTime} as its {@code __time}, verbatim. The index always renders
     * instants the same way, so only callers replaying recorded candidates (the conformance vectors, whose times
     * the reference passed through untouched) need this form.
     *
     * @param body the artifact body as read; empty when the artifact does not exist
     * @throws MaterializationException for a missing or unusable body
     * @throws io.rezilient.restore.contracts.validation.ValidationException when the row breaks the row contract
     */
    public static DraftRow materialize(IndexScope scope, IndexedEvent winner, String eventTime,
                                       Optional<JsonNode> body) {
        if (winner.sysUpdatedOn() == null) {
            // §4.4 never picks such a winner; a caller that did could not build the PIT tuple either
            throw MaterializationException.candidateWithoutSysUpdatedOn(winner.table(), winner.recordSysId());
        }
        JsonNode artifact = body.filter(node -> !node.isNull()).orElseThrow(() -> MaterializationException
                .missingBody(winner.artifactKey(), winner.eventId(), winner.manifestKey()));
        if (!artifact.isObject()) {
            throw MaterializationException.bodyNotObject(winner.artifactKey(), winner.manifestKey());
        }
        SourceOperation operation = operation(artifact);
        ObjectNode values = values(artifact, winner);
        PitTuple winnerTuple = new PitTuple(winner.sysUpdatedOn(), winner.sysModCount() == null ? SysModCount.ABSENT
                : SysModCount.of(winner.sysModCount()), eventTime, winner.eventId());
        String rowId = RowIds.rowId(winner.table(), winner.recordSysId());
        PlanRowAction action = operation.sourceAction();
        String preconditionHash = new PreconditionHash(action, winner.artifactKey(), winner.manifestKey(), operation,
                winner.recordSysId(), rowId, winner.table(), values, winnerTuple).compute();

        ObjectNode row = JSON.objectNode();
        row.put("row_id", rowId);
        row.put("table", winner.table());
        row.put("record_sys_id", winner.recordSysId());
        row.put("action", action.wire());
        row.put("precondition_hash", preconditionHash);
        row.set("metadata", envelope(scope, winner, eventTime, operation, artifact));
        row.set("values", values);
        JsonNode parsed = PlanHashInputSchema.ROW.parse(row).valueOrThrow();
        PlanRow planRow = new PlanRow(rowId, winner.table(), winner.recordSysId(), action, preconditionHash,
                (ObjectNode) parsed.get("metadata"), (ObjectNode) parsed.get("values"));
        return new DraftRow(planRow, winner.artifactKey(), winner.manifestKey(), operation, winnerTuple);
    }

    /**
     * The first valid letter of the operation fields (trimmed, case-insensitive), else what the event type implies,
     * else a tombstone flag means a delete.
     */
    static SourceOperation operation(JsonNode body) {
        for (List<String> path : OPERATION_PATHS) {
            JsonNode value = at(body, path);
            if (value.isTextual()) {
                switch (value.textValue().trim().toUpperCase(Locale.ROOT)) {
                    case "I" -> {
                        return SourceOperation.INSERT;
                    }
                    case "U" -> {
                        return SourceOperation.UPDATE;
                    }
                    case "D" -> {
                        return SourceOperation.DELETE;
                    }
                    default -> {
                        // not an operation letter: the next field decides
                    }
                }
            }
        }
        Optional<String> type = eventType(body);
        if (type.isPresent() && type.get().equals(CDC_DELETE)) {
            return SourceOperation.DELETE;
        }
        if (type.isPresent() && type.get().equals(CDC_WRITE)) {
            return SourceOperation.UPDATE;
        }
        if (body.path("__is_tombstone").isBoolean() && body.path("__is_tombstone").booleanValue()) {
            return SourceOperation.DELETE;
        }
        throw MaterializationException.operationUnderivable();
    }

    /** {@code __type}, else {@code event.type}; only non-empty strings count. */
    private static Optional<String> eventType(JsonNode body) {
        for (JsonNode value : List.of(body.path("__type"), body.path("event").path("type"))) {
            if (value.isTextual() && !value.textValue().isEmpty()) {
                return Optional.of(value.textValue());
            }
        }
        return Optional.empty();
    }

    /** The first positive integer (a JSON integer or a string of digits) of the schema-version fields. */
    static Optional<Long> schemaVersion(JsonNode body) {
        for (List<String> path : SCHEMA_VERSION_PATHS) {
            Optional<Long> version = positiveInteger(at(body, path));
            if (version.isPresent()) {
                return version;
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> positiveInteger(JsonNode value) {
        long number;
        if (value.isNumber()) {
            double asDouble = value.doubleValue();
            if (asDouble != Math.rint(asDouble) || Math.abs(asDouble) > MAX_SAFE_INTEGER) {
                return Optional.empty();
            }
            number = (long) asDouble;
        } else if (value.isTextual() && value.textValue().trim().matches("[0-9]{1,15}")) {
            number = Long.parseLong(value.textValue().trim());
        } else {
            return Optional.empty();
        }
        return number > 0 ? Optional.of(number) : Optional.empty();
    }

    /** {@code diff_enc} from the first present of diff/row/snapshot, plus the images, each a valid envelope. */
    private static ObjectNode values(JsonNode body, IndexedEvent winner) {
        ObjectNode values = JSON.objectNode();
        for (List<String> path : DIFF_PATHS) {
            JsonNode candidate = at(body, path);
            if (truthy(candidate)) {
                values.set("diff_enc", envelope(candidate, String.join(".", path), winner));
                break;
            }
        }
        for (String image : IMAGE_FIELDS) {
            JsonNode candidate = body.path(image);
            if (truthy(candidate)) {
                values.set(image, envelope(candidate, image, winner));
            }
        }
        if (values.isEmpty()) {
            throw MaterializationException.noEncryptedMaterial(winner.artifactKey(), winner.manifestKey());
        }
        return values;
    }

    private static JsonNode envelope(JsonNode candidate, String field, IndexedEvent winner) {
        ParseResult parsed = ContractFields.encryptedPayload().parse(candidate);
        if (!parsed.isValid()) {
            throw MaterializationException.invalidEncryptedValue(winner.artifactKey(), winner.manifestKey(), field,
                    parsed.issues().get(0).describe());
        }
        return parsed.value();
    }

    /** The allow-listed envelope; keys in the contract's declaration order, absent values left out. */
    private static ObjectNode envelope(IndexScope scope, IndexedEvent winner, String eventTime,
                                       SourceOperation operation, JsonNode body) {
        ObjectNode metadata = JSON.objectNode();
        metadata.put("tenant_id", scope.tenantId());
        metadata.put("instance_id", scope.instanceId());
        metadata.put("source", scope.source());
        metadata.put("table", winner.table());
        metadata.put("record_sys_id", winner.recordSysId());
        metadata.put("event_id", winner.eventId());
        metadata.put("event_type", eventType(body)
                .orElse(operation == SourceOperation.DELETE ? CDC_DELETE : CDC_WRITE));
        metadata.put("operation", operation.wire());
        schemaVersion(body).ifPresent(version -> putInteger(metadata, "schema_version", version));
        metadata.put("sys_updated_on", winner.sysUpdatedOn());
        if (winner.sysModCount() != null) {
            metadata.put("sys_mod_count", winner.sysModCount());
        }
        metadata.put("__time", eventTime);
        metadata.put("topic", winner.topic());
        metadata.put("partition", winner.kafkaPartition());
        metadata.put("offset", winner.kafkaOffset());
        ObjectNode envelope = JSON.objectNode();
        envelope.put("allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        envelope.set("metadata", metadata);
        return envelope;
    }

    /** Small integers as int nodes, so rows compare equal to parsed JSON. */
    private static void putInteger(ObjectNode node, String field, long value) {
        if (value <= Integer.MAX_VALUE) {
            node.put(field, (int) value);
        } else {
            node.put(field, value);
        }
    }

    /** JavaScript truthiness of a JSON value (absent, null, false, 0 and "" are falsy). */
    private static boolean truthy(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0 && !Double.isNaN(value.doubleValue());
        }
        return !value.isTextual() || !value.textValue().isEmpty();
    }

    private static JsonNode at(JsonNode body, List<String> path) {
        JsonNode node = body;
        for (String key : path) {
            node = node.path(key);
        }
        return node;
    }

    private static void requireNonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw MaterializationException.blankScopeField(field);
        }
    }
}
