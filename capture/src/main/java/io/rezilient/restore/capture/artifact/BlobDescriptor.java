package io.rezilient.restore.capture.artifact;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.GcmEnvelope;
import io.rezilient.restore.capture.crypto.MediaBlobCodec;

/**
 * Where and how a media event's encrypted bytes are stored (the artifact's {@code media.blob_enc}).
 *
 * @param kid         the key the chunks are sealed under
 * @param objectKey   the blob object's key
 * @param chunkSize   plaintext bytes per chunk
 * @param chunkCount  number of chunks
 * @param sizeBytes   the blob object's size (encrypted)
 * @param sha256      SHA-256 of the blob object, so a reader can check the download before decrypting
 */
public record BlobDescriptor(String kid, String objectKey, int chunkSize, int chunkCount, long sizeBytes,
                             String sha256) {

    /** The {@code media.blob_enc} object: the chunked-envelope fields, then where the blob object is. */
    public ObjectNode toJson() {
        ObjectNode blobEnc = JsonNodeFactory.instance.objectNode();
        blobEnc.put("alg", GcmEnvelope.ALG);
        blobEnc.put("kid", kid);
        blobEnc.put("module", GcmEnvelope.MODULE);
        blobEnc.put("format", MediaBlobCodec.FORMAT);
        blobEnc.put("compression", GcmEnvelope.COMPRESSION_NONE);
        ObjectNode chunking = blobEnc.putObject("chunking");
        chunking.put("chunk_size_bytes", chunkSize);
        chunking.put("chunk_count", chunkCount);
        chunking.put("format", MediaBlobCodec.CHUNKING_FORMAT);
        blobEnc.put("object_key", objectKey);
        blobEnc.put("size_bytes", sizeBytes);
        blobEnc.put("sha256", sha256);
        return blobEnc;
    }
}
