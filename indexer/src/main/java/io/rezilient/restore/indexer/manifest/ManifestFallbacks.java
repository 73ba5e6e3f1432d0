package io.rezilient.restore.indexer.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.time.IsoUtc;

import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.EVENT_TYPE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.INSTANCE_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.OFFSET;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.PARTITION;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.SOURCE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TABLE;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TENANT_ID;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TIME;
import static io.rezilient.restore.indexer.manifest.MetadataKeys.TOPIC;

/**
 * Fills metadata keys the artifact did not set from the manifest (indexer-spec §2.3 step 5, §3 steps 2–3). Only
 * absent keys are filled: a key the artifact set, even to {@code null}, is kept so validation can judge it. The
 * tenant configured for the source is deliberately never a fallback: an event belongs to the tenant its own data
 * names, and a missing tenant must fail rather than be guessed.
 */
public final class ManifestFallbacks {
    private ManifestFallbacks() {
    }

    /** Fills every absent identity, coordinate and time key of {@code metadata} from {@code manifest}, in place. */
    public static void fillAbsent(ObjectNode metadata, Manifest manifest) {
        if (manifest.tenantId() != null) {
            putIfAbsent(metadata, TENANT_ID, manifest.tenantId());
        }
        putIfAbsent(metadata, INSTANCE_ID, manifest.instanceId());
        putIfAbsent(metadata, SOURCE, manifest.source());
        putIfAbsent(metadata, EVENT_ID, manifest.eventId());
        putIfAbsent(metadata, EVENT_TYPE, manifest.eventType());
        if (!metadata.has(TIME)) {
            metadata.put(TIME, IsoUtc.format(manifest.eventTime())); // formatted only when it is needed
        }
        putIfAbsent(metadata, TOPIC, manifest.topic());
        metadata.putIfAbsent(PARTITION, metadata.numberNode(manifest.partition()));
        putIfAbsent(metadata, OFFSET, manifest.offset());
        if (manifest.table() != null) {
            putIfAbsent(metadata, TABLE, manifest.table());
        }
    }

    private static void putIfAbsent(ObjectNode metadata, String key, String value) {
        metadata.putIfAbsent(key, metadata.textNode(value));
    }
}
