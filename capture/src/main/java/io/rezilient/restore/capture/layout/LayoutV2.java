package io.rezilient.restore.capture.layout;

import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.routing.StreamPosition;

/**
 * Our offset-ordered layout (docs/object-layout.md):
 * {@code <prefix>/rec.object-key-layout.v2/tenant=<tenant>/instance=<instance>/topic=<topic>/partition=<p>/offset=<20 digits>.event=<token>}.
 * Within one partition directory the keys sort exactly in offset order (the offset is fixed-width and comes
 * first), so a reader can resume a partition with {@code startAfter} = the last key it processed.
 */
public final class LayoutV2 implements ObjectKeyLayout {

    @Override
    public LayoutVersion version() {
        return LayoutVersion.V2;
    }

    @Override
    public String stem(String prefix, EventHeader header, StreamPosition position) {
        return partitionPrefix(prefix, header.tenantId(), header.instanceId(), position.topic(), position.partition())
                + "offset=" + KeySegments.offset(position.offset())
                + ".event=" + KeySegments.eventToken(header.eventId());
    }

    /** The directory (ending in '/') holding every key of one partition, in offset order. */
    public static String partitionPrefix(String prefix, String tenantId, String instanceId, String topic, int partition) {
        return prefix + '/' + LayoutVersion.V2.id()
                + "/tenant=" + KeySegments.value(tenantId)
                + "/instance=" + KeySegments.value(instanceId)
                + "/topic=" + KeySegments.value(topic)
                + "/partition=" + partition + '/';
    }
}
