package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The package's {@code immutable_storage} block (service-spec §7): whether evidence objects are kept write-once and
 * under which retention class. It is signed, so it must say what the store really applies.
 */
public record ImmutableStorage(boolean wormEnabled, String retentionClass) {
    public ImmutableStorage {
        Objects.requireNonNull(retentionClass, "retentionClass");
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("worm_enabled", wormEnabled);
        json.put("retention_class", retentionClass);
        return json;
    }
}
