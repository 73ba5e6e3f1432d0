package io.rezilient.restore.capture.truth;

import java.time.Instant;

/** One schema event of a table: a snapshot or a change, with the resulting schema version and hash. */
public record SchemaVersion(String table, String eventType, int schemaVersion, String schemaHash, String eventId,
                            Instant eventTime, String artifactKey) {
}
