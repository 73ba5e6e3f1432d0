package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;

/** Manifest documents for tests: the fixture defaults of indexer-spec §10, as a writer would emit them. */
public final class TestManifests {
    public static final String MANIFEST_KEY =
            "rez/restore/rec.object-key-layout.v2/tenant=tenant-acme/topic=rez.cdc/partition=0/offset=1.manifest.json";
    public static final String ARTIFACT_KEY =
            "rez/restore/rec.object-key-layout.v2/tenant=tenant-acme/topic=rez.cdc/partition=0/offset=1.artifact.json";

    private TestManifests() {
    }

    /** A valid manifest document; tests change one field to see one rule. */
    public static ObjectNode document() {
        return (ObjectNode) Json.parse("""
                {"contract_version":"restore.contracts.v1","manifest_version":"rec.artifact-manifest.v1",
                 "metadata_allowlist_version":"rrs.metadata.allowlist.v1",
                 "object_key_layout_version":"rec.object-key-layout.v2",
                 "artifact_key":"%s","artifact_kind":"cdc","artifact_size_bytes":1874,
                 "app":"x_app","table":"x_app.ticket","event_id":"evt-0001","event_type":"cdc.write",
                 "event_time":"2026-02-16T12:00:00.000Z","tenant_id":"tenant-acme","instance_id":"sn-dev-01",
                 "source":"sn://acme-dev.service-now.com","topic":"rez.cdc","partition":0,"offset":"1"}
                """.formatted(ARTIFACT_KEY));
    }

    /** The valid manifest, parsed. */
    public static Manifest manifest() {
        return ManifestParser.parse(MANIFEST_KEY, document());
    }

    /** The valid manifest with one field replaced (or removed when {@code value} is {@code null}), parsed. */
    public static Manifest manifestWith(String field, Object value) {
        ObjectNode document = document();
        if (value == null) {
            document.remove(field);
        } else {
            document.set(field, Json.mapper().valueToTree(value));
        }
        return ManifestParser.parse(MANIFEST_KEY, document);
    }
}
