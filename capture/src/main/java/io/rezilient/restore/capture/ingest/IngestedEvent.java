package io.rezilient.restore.capture.ingest;

/** Where one event of a batch was written. */
public record IngestedEvent(int index, String eventId, String tenantId, String topic, int partition, long offset,
                            String artifactKey) {
}
