package io.rezilient.restore.indexer.source;

import io.rezilient.restore.objectstore.ObjectStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes manifest + artifact pairs shaped like the reference's worked example (indexer-spec §2.4) and the
 * metadata_normalization conformance inputs.
 */
public record SourceFixture(ObjectStore store, String prefix, String tenant, String instance, String source,
                            String topic) {
    public static final String GENERATION = "gen-01";

    /**
     * The settings of an indexer reading the filesystem store at {@code root} into the database at {@code jdbcUrl}
     * for ingest scope {@code scope}, as a mutable map for a test to add to.
     */
    public static Map<String, String> filesystemEnv(String jdbcUrl, Path root, String prefix, String scope) {
        Map<String, String> env = new HashMap<>();
        env.put("REZ_RESTORE_PG_URL", jdbcUrl);
        env.put("REZ_RESTORE_INDEXER_SOURCE_ROOT", root.toString());
        env.put("REZ_RESTORE_INDEXER_SOURCE_PREFIX", prefix);
        env.put("REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", GENERATION);
        env.put("REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_URI", "file://" + root);
        return env;
    }

    /** A v1 key's stem for {@code table} and {@code eventHex}. */
    public String v1Stem(String table, String eventHex) {
        return prefix + "/rec.object-key-layout.v1/instance=" + instance + "/app=x_acme/table=" + table
                + "/kind=cdc/day=2026-03-04/event=" + eventHex;
    }

    /** A v2 key's stem (docs/object-layout.md §1.3). */
    public String v2Stem(int partition, long offset, String eventHex) {
        return prefix + "/rec.object-key-layout.v2/tenant=" + tenant + "/instance=" + instance + "/topic=" + topic
                + "/partition=" + partition + "/offset=" + String.format("%020d", offset) + ".event=" + eventHex;
    }

    /** Writes a valid v1 event; returns its manifest key. */
    public String putV1(String table, String eventHex, int partition, long offset, Instant time) {
        return put(v1Stem(table, eventHex), "rec.object-key-layout.v1", table, eventHex, partition, offset, time,
                artifact(table, eventHex, time));
    }

    /** Writes a valid v2 event; returns its manifest key. */
    public String putV2(String table, String eventHex, int partition, long offset, Instant time) {
        return put(v2Stem(partition, offset, eventHex), "rec.object-key-layout.v2", table, eventHex, partition,
                offset, time, artifact(table, eventHex, time));
    }

    /** Writes a manifest with {@code artifactBody} as its artifact (null: no artifact object at all). */
    public String put(String stem, String layout, String table, String eventHex, int partition, long offset,
                      Instant time, String artifactBody) {
        String manifestKey = stem + ".manifest.json";
        String artifactKey = stem + ".artifact.json";
        if (artifactBody != null) {
            store.put(artifactKey, artifactBody.getBytes(StandardCharsets.UTF_8));
        }
        String manifest = """
                {"contract_version":"restore.contracts.v1","manifest_version":"rec.artifact-manifest.v1",
                 "metadata_allowlist_version":"rrs.metadata.allowlist.v1","object_key_layout_version":"%s",
                 "artifact_key":"%s","artifact_kind":"cdc","artifact_size_bytes":100,
                 "app":"x_acme","table":"%s","event_id":"%s","event_type":"cdc.write",
                 "event_time":"%s","tenant_id":"%s","instance_id":"%s",
                 "source":"%s","topic":"%s","partition":%d,"offset":"%d"}
                """.formatted(layout, artifactKey, table, eventHex, time, tenant, instance, source, topic, partition,
                offset);
        store.put(manifestKey, manifest.getBytes(StandardCharsets.UTF_8));
        return manifestKey;
    }

    public String artifact(String table, String eventHex, Instant time) {
        return """
                {"__event_id":"%s","__type":"cdc.write","__time":"%s","__source":"%s","__table":"%s",
                 "__record_sys_id":"9d3e7a1b","__op":"U","__schema_version":7,"__sys_mod_count":12,
                 "__sys_updated_on":"2026-03-04 17:22:04","tenant_id":"%s","instance_id":"%s",
                 "row_enc":{"alg":"aes-256-gcm","kid":"k-2026-01","ciphertext":"..."},"changed_fields":["state"]}
                """.formatted(eventHex, time, source, table, tenant, instance);
    }

    public void putArtifact(String manifestKey, String body) {
        store.put(manifestKey.replace(".manifest.json", ".artifact.json"), body.getBytes(StandardCharsets.UTF_8));
    }
}
