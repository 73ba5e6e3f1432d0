package io.rezilient.restore.capture.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.layout.KeySegments;
import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.objectstore.ObjectStore;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps the reservations in one JSON object next to the data they number:
 * {@code <prefix>/rec.capture-state.v1/tenant=<t>/instance=<i>/offsets.json}. Living in the same store as the
 * artifacts, the sequence follows the data to whichever machine writes next; object puts are atomic (and
 * durable when the store syncs its writes), which is what {@link SequenceStateStore#save} requires. The indexer
 * ignores the object: it only picks up {@code *.manifest.json} keys.
 */
public final class ObjectStoreSequenceState implements SequenceStateStore {
    public static final String FORMAT = "rez.capture-offsets.v1";
    public static final String STATE_ROOT = "rec.capture-state.v1";
    private static final String CONTENT_TYPE = "application/json";

    private final ObjectStore store;
    private final String key;
    private final String tenantId;
    private final String instanceId;

    public ObjectStoreSequenceState(ObjectStore store, String prefix, String tenantId, String instanceId) {
        this.store = store;
        this.tenantId = tenantId;
        this.instanceId = instanceId;
        this.key = keyFor(prefix, tenantId, instanceId);
    }

    /** The state object's key for one writer scope. */
    public static String keyFor(String prefix, String tenantId, String instanceId) {
        return prefix + '/' + STATE_ROOT + "/tenant=" + KeySegments.value(tenantId)
                + "/instance=" + KeySegments.value(instanceId) + "/offsets.json";
    }

    public String key() {
        return key;
    }

    @Override
    public String describe() {
        return store.describe() + "/" + key;
    }

    @Override
    public Map<TopicPartition, Long> load() {
        Optional<byte[]> bytes = store.get(key);
        Map<TopicPartition, Long> result = new TreeMap<>();
        if (bytes.isEmpty()) {
            return result;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes.get());
        } catch (IOException e) {
            throw invalid("is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw invalid("must be an object with format " + FORMAT);
        }
        if (!tenantId.equals(root.path("tenant_id").asText(null))
                || !instanceId.equals(root.path("instance_id").asText(null))) {
            throw invalid("belongs to tenant " + root.path("tenant_id") + " / instance " + root.path("instance_id")
                    + ", not " + tenantId + " / " + instanceId);
        }
        JsonNode offsets = root.get("next_offsets");
        if (offsets == null || !offsets.isObject()) {
            throw invalid("next_offsets must be an object of \"topic|partition\" → offset string");
        }
        for (Map.Entry<String, JsonNode> entry : offsets.properties()) {
            result.put(parseShard(entry.getKey()), parseOffset(entry.getKey(), entry.getValue()));
        }
        return result;
    }

    @Override
    public void save(Map<TopicPartition, Long> nextUnreserved) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("tenant_id", tenantId);
        root.put("instance_id", instanceId);
        ObjectNode offsets = root.putObject("next_offsets");
        new TreeMap<>(nextUnreserved).forEach((tp, next) -> offsets.put(tp.shardKey(), Long.toString(next)));
        store.put(key, (Json.write(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), CONTENT_TYPE);
    }

    private TopicPartition parseShard(String shard) {
        int bar = shard.lastIndexOf('|');
        if (bar <= 0 || bar == shard.length() - 1) {
            throw invalid("next_offsets key '" + shard + "' must be \"topic|partition\"");
        }
        try {
            return new TopicPartition(shard.substring(0, bar), Integer.parseInt(shard.substring(bar + 1)));
        } catch (IllegalArgumentException e) {
            throw invalid("next_offsets key '" + shard + "' must be \"topic|partition\" with a partition >= 0");
        }
    }

    private long parseOffset(String shard, JsonNode value) {
        if (value == null || !value.isTextual() || !value.textValue().matches("[0-9]+")) {
            throw invalid("next_offsets[\"" + shard + "\"] must be a decimal offset string, got " + value);
        }
        BigInteger offset = new BigInteger(value.textValue());
        if (offset.bitLength() > 63) {
            throw invalid("next_offsets[\"" + shard + "\"] " + value.textValue() + " does not fit a 64-bit offset");
        }
        return offset.longValueExact();
    }

    private IllegalStateException invalid(String problem) {
        return new IllegalStateException("offset state " + describe() + " " + problem
                + "; fix or remove it only if no artifacts were written with these offsets");
    }
}
