package io.rezilient.restore.indexer.worker;

import io.rezilient.restore.indexer.normalize.NormalizedEvent;
import io.rezilient.restore.indexer.store.IndexedEvent;

/** Maps a normalised event to the row the store writes, under the worker's generation. */
final class IndexedEvents {
    private IndexedEvents() {
    }

    static IndexedEvent of(NormalizedEvent event, String generationId) {
        return new IndexedEvent(event.tenantId(), event.instanceId(), event.source(), event.app(), event.table(),
                event.recordSysId(), event.attachmentSysId(), event.mediaId(), event.eventId(), event.eventType(),
                event.operation() == null ? null : event.operation().wire(), event.schemaVersion(),
                event.sysModCount(), event.sysUpdatedOn(), event.eventTime(), event.topic(), event.partition(),
                event.offset(), event.contentType(), event.sizeBytes(), event.sha256Plain(), event.artifactKey(),
                event.manifestKey(), event.artifactKind().wire(), generationId);
    }
}
