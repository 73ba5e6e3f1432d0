package io.rezilient.restore.capture.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.artifact.ArtifactBodies;
import io.rezilient.restore.capture.artifact.BlobDescriptor;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.capture.crypto.MediaBlobCodec;
import io.rezilient.restore.capture.crypto.Sha256;
import io.rezilient.restore.capture.crypto.SyntheticIvSource;
import io.rezilient.restore.capture.layout.ArtifactKeys;
import io.rezilient.restore.capture.routing.StreamPosition;
import io.rezilient.restore.capture.writer.ArtifactWriter;
import io.rezilient.restore.capture.writer.WrittenEvent;

/**
 * Encrypts a planned event and writes it: seals the record, schema or attachment under the tenant key with
 * synthetic nonces (so equal seeds give equal bytes), builds the artifact body and hands both to the writer.
 * One per writer thread; it owns a cipher and a MAC.
 */
final class EventEncoder {
    private final ArtifactWriter writer;
    private final DataKey key;
    private final int chunkSize;
    private final AesGcm gcm = new AesGcm(new SyntheticIvSource());

    EventEncoder(ArtifactWriter writer, DataKey key, int chunkSize) {
        this.writer = writer;
        this.key = key;
        this.chunkSize = chunkSize;
    }

    WrittenEvent write(SimEvent event, StreamPosition position, ArtifactKeys keys) {
        EventHeader h = event.header();
        byte[] blob = null;
        ObjectNode body = switch (event) {
            case SimEvent.Cdc cdc -> {
                EncryptedPayload row = gcm.seal(key, Aad.row(h.tenantId(), h.instanceId(), h.source(),
                        cdc.change().table(), cdc.change().recordSysId(), h.eventId()), cdc.recordJson());
                yield ArtifactBodies.cdc(h, cdc.change(), row.toJson());
            }
            case SimEvent.Media media when media.bytes() == null -> ArtifactBodies.media(h, media.change(), null, null);
            case SimEvent.Media media -> {
                MediaBlobCodec.SealedBlob sealed = MediaBlobCodec.seal(gcm, key,
                        new MediaBlobCodec.BlobIdentity(h.tenantId(), h.instanceId(), h.source(),
                                media.change().attachmentSysId(), media.change().mediaId()),
                        media.bytes(), chunkSize);
                blob = sealed.bytes();
                EncryptedPayload meta = gcm.seal(key, Aad.mediaMeta(h.tenantId(), h.instanceId(), h.source(),
                        media.change().attachmentSysId(), h.eventId()), media.metaJson());
                BlobDescriptor descriptor = new BlobDescriptor(key.kid(), keys.blobKey(), sealed.chunkSize(),
                        sealed.chunkCount(), blob.length, Sha256.hex(blob));
                yield ArtifactBodies.media(h, media.change(), descriptor.toJson(), meta.toJson());
            }
            case SimEvent.Schema schema when schema.snapshotJson() != null -> {
                EncryptedPayload snapshot = gcm.seal(key, Aad.schema(h.tenantId(), h.instanceId(), h.source(),
                        schema.table(), h.eventId()), schema.snapshotJson());
                yield ArtifactBodies.schemaSnapshot(h, schema.table(), schema.schemaVersion(), schema.schemaHash(),
                        snapshot.toJson());
            }
            case SimEvent.Schema schema -> ArtifactBodies.schemaChange(h, schema.table(), schema.schemaVersion(),
                    schema.schemaHash(), schema.change());
        };
        return writer.write(h, position, keys, ArtifactBodies.bytes(body), blob);
    }
}
