package io.rezilient.restore.capture.writer;

import io.rezilient.restore.capture.layout.ArtifactKeys;

/** What the writer stored for one event: its keys, its manifest and how many bytes went to the store. */
public record WrittenEvent(ArtifactKeys keys, Manifest manifest, long bytesWritten) {
}
