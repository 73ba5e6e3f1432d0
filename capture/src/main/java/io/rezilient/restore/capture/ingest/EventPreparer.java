package io.rezilient.restore.capture.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.capture.crypto.RandomIvSource;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringException;
import io.rezilient.restore.capture.routing.EventRouter;
import io.rezilient.restore.contracts.events.CloudEventSchema;
import io.rezilient.restore.contracts.events.EventType;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.validation.ContractFields;
import io.rezilient.restore.contracts.validation.Issue;
import io.rezilient.restore.contracts.validation.ParseResult;
import java.util.List;
import java.util.Optional;

/**
 * Turns one raw event of a batch into a {@link PreparedEvent}, or reports why it cannot be taken: resolves its
 * tenant and instance, seals a plaintext {@code data.snapshot} into {@code data.snapshot_enc} with the tenant's
 * active key (so plaintext never goes further), validates the result with the contract schema, and routes it
 * with the contract topic mapping and partition key. Problems are added to {@code problems}, each prefixed with
 * {@code events[i]}; nothing here writes anything.
 */
final class EventPreparer {
    private static final String SNAPSHOT = "snapshot";
    private static final String SNAPSHOT_ENC = "snapshot_enc";

    private final Keyring keyring;
    private final IngestOptions options;
    private final EventRouter router;
    private final AesGcm gcm = new AesGcm(new RandomIvSource());

    EventPreparer(Keyring keyring, IngestOptions options) {
        this.keyring = keyring;
        this.options = options;
        this.router = new EventRouter(options.partitions(), options.useTestTopics());
    }

    Optional<PreparedEvent> prepare(int index, JsonNode raw, String batchSource, List<String> problems) {
        String at = "events[" + index + "]";
        if (raw == null || !raw.isObject()) {
            problems.add(at + ": must be a CloudEvent object");
            return Optional.empty();
        }
        ObjectNode event = raw.deepCopy();
        int before = problems.size();
        String tenant = identity(event, "tenant_id", options.defaultTenantId(), "--tenant", at, problems);
        String instance = identity(event, "instance_id", options.defaultInstanceId(), "--instance", at, problems);
        JsonNode source = event.get("source");
        if (source != null && source.isTextual() && !source.textValue().equals(batchSource)) {
            problems.add(at + ".source: '" + source.textValue() + "' differs from the batch source '" + batchSource + "'");
        }
        if (tenant != null && instance != null) {
            sealPlaintextSnapshot(event, tenant, instance, at, problems);
        }
        ParseResult result = CloudEventSchema.validate(event);
        for (Issue issue : result.issues()) {
            problems.add(at + "." + issue.pathText() + ": " + issue.message());
        }
        if (result.isValid()) {
            checkMediaHash(result.value(), at, problems);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        JsonNode valid = result.value();
        EventType type = EventType.fromWire(valid.get("type").textValue()).orElseThrow();
        return Optional.of(new PreparedEvent(index, valid, type, tenant, instance, router.route(valid)));
    }

    /** {@code extensions.<field>} if set, else the configured default; both set and different is refused. */
    private static String identity(JsonNode event, String field, String fallback, String option, String at,
                                   List<String> problems) {
        JsonNode given = event.path("extensions").get(field);
        String value = given != null && given.isTextual() && !given.textValue().isBlank() ? given.textValue() : null;
        if (value != null && fallback != null && !value.equals(fallback)) {
            problems.add(at + ".extensions." + field + ": '" + value + "' differs from " + option + " '" + fallback + "'");
            return null;
        }
        if (value == null && fallback == null) {
            problems.add(at + ".extensions." + field + ": missing, and no " + option + " was given");
        }
        return value != null ? value : fallback;
    }

    /** Replaces a plaintext {@code data.snapshot} object by its sealed form, before anything else looks at it. */
    private void sealPlaintextSnapshot(ObjectNode event, String tenant, String instance, String at,
                                       List<String> problems) {
        JsonNode data = event.get("data");
        if (data == null || !data.isObject() || !data.has(SNAPSHOT) || data.has(SNAPSHOT_ENC)) {
            return; // nothing to seal; the schema reports plaintext that sits next to a sealed snapshot
        }
        ObjectNode fields = (ObjectNode) data;
        JsonNode snapshot = fields.get(SNAPSHOT);
        if (!snapshot.isObject()) {
            problems.add(at + ".data.snapshot: must be an object of field values to encrypt");
            fields.remove(SNAPSHOT);
            return;
        }
        Optional<Aad> aad = aadFor(event, tenant, instance);
        if (aad.isEmpty()) {
            return; // wrong type or missing identity: the schema names the missing field
        }
        DataKey key;
        try {
            key = keyring.activeKey(tenant);
        } catch (KeyringException e) {
            problems.add(at + ": cannot encrypt data.snapshot: " + e.getMessage());
            fields.remove(SNAPSHOT);
            return;
        }
        EncryptedPayload sealed = gcm.seal(key, aad.get(), bytes(snapshot));
        fields.remove(SNAPSHOT);
        fields.set(SNAPSHOT_ENC, sealed.toJson());
    }

    private static Optional<Aad> aadFor(JsonNode event, String tenant, String instance) {
        String type = event.path("type").asText();
        String id = event.path("id").asText("");
        String source = event.path("source").asText("");
        JsonNode data = event.get("data");
        String table = data.path("table").asText("");
        if (id.isEmpty() || source.isEmpty() || table.isEmpty()) {
            return Optional.empty();
        }
        if (type.equals(EventType.CDC_WRITE.wire()) || type.equals(EventType.CDC_DELETE.wire())) {
            String record = data.path("record_sys_id").asText("");
            return record.isEmpty() ? Optional.empty()
                    : Optional.of(Aad.row(tenant, instance, source, table, record, id));
        }
        if (type.equals(EventType.SCHEMA_SNAPSHOT.wire())) {
            return Optional.of(Aad.schema(tenant, instance, source, table, id));
        }
        return Optional.empty();
    }

    /**
     * The index's allow-list needs a real digest where the event schema only asks for a non-empty string, so a
     * media event is refused here rather than quarantined by the indexer later.
     */
    private static void checkMediaHash(JsonNode event, String at, List<String> problems) {
        JsonNode hash = event.path("data").get("sha256_plain");
        if (hash != null && !ContractFields.sha256Hex().parse(hash).isValid()) {
            problems.add(at + ".data.sha256_plain: " + ContractFields.SHA256_HEX_MESSAGE);
        }
    }

    private static byte[] bytes(JsonNode value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise snapshot", e);
        }
    }
}
