package io.rezilient.restore.capture.truth;

import java.time.Instant;

/** One attachment event: its bytes' identity (insert) or its removal (delete), with where it was written. */
public record MediaVersion(String attachmentSysId, String mediaId, String table, String recordSysId, String op,
                           String eventId, Instant eventTime, long sizeBytes, String contentType, String sha256Plain,
                           String fileName, String artifactKey, String blobKey) {
}
