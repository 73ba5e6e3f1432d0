package io.rezilient.restore.capture.ingest;

import io.rezilient.restore.capture.CaptureDefaults;
import io.rezilient.restore.capture.layout.LayoutVersion;
import io.rezilient.restore.capture.writer.ArtifactWriter;
import java.util.Objects;

/**
 * How a batch is routed and written.
 *
 * @param defaultTenantId   tenant for events without {@code extensions.tenant_id} (null: they are refused)
 * @param defaultInstanceId instance for events without {@code extensions.instance_id} (null: they are refused)
 * @param partitions        partitions per topic (the same for every run of one tenant and instance)
 * @param useTestTopics     route to {@code rez.test.*} topics
 * @param layout            object key layout
 * @param prefix            key prefix (the indexer's source prefix)
 * @param app               application scope for manifests and v1 keys
 */
public record IngestOptions(String defaultTenantId, String defaultInstanceId, int partitions, boolean useTestTopics,
                            LayoutVersion layout, String prefix, String app) {
    public IngestOptions {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        Objects.requireNonNull(layout, "layout");
        prefix = ArtifactWriter.normalizePrefix(prefix);
    }

    /** Defaults: v2 layout, {@value CaptureDefaults#PARTITIONS} partitions, production topics. */
    public static IngestOptions defaults(String tenantId, String instanceId) {
        return new IngestOptions(tenantId, instanceId, CaptureDefaults.PARTITIONS, false, LayoutVersion.V2,
                CaptureDefaults.PREFIX, CaptureDefaults.APP);
    }
}
