package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;

/**
 * A {@link Manifest} as the reference's parsed manifest object: trimmed strings, canonical event time and offset,
 * {@code tenant_id} only when present, ignored fields left out. Used for diagnostics and conformance checks.
 */
public final class ManifestJson {
    private ManifestJson() {
    }

    public static ObjectNode of(Manifest manifest) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("artifact_key", manifest.artifactKey());
        json.put("artifact_kind", manifest.artifactKind().wire());
        json.put("app", manifest.app());
        json.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        json.put("event_id", manifest.eventId());
        json.put("event_time", IsoUtc.format(manifest.eventTime()));
        json.put("event_type", manifest.eventType());
        if (manifest.tenantId() != null) {
            json.put("tenant_id", manifest.tenantId());
        }
        json.put("instance_id", manifest.instanceId());
        json.put("manifest_version", Manifest.MANIFEST_VERSION);
        json.put("metadata_allowlist_version", PlanContract.METADATA_ALLOWLIST_VERSION);
        json.put("object_key_layout_version", manifest.layout().wire());
        json.put("offset", manifest.offset());
        json.put("partition", manifest.partition());
        json.put("source", manifest.source());
        json.put("table", manifest.table());
        json.put("topic", manifest.topic());
        return json;
    }
}
