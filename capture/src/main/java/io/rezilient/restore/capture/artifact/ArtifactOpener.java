package io.rezilient.restore.capture.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.crypto.DecryptionException;
import io.rezilient.restore.capture.crypto.GcmEnvelope;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.capture.crypto.MediaBlobCodec;
import io.rezilient.restore.capture.crypto.RandomIvSource;
import io.rezilient.restore.capture.crypto.Sha256;
import io.rezilient.restore.capture.keys.Keyring;


import static io.rezilient.restore.capture.artifact.ArtifactFields.*;

/**
 * Opens the encrypted parts of artifact bodies written by this module, rebuilding each AAD from the artifact's
 * own identity fields. This is the reading half of the format in {@code docs/object-layout.md}: what a restore
 * agent does with the tenant keyring. Not thread-safe (it holds a cipher).
 */
public final class ArtifactOpener {
    private final Keyring keyring;
    private final AesGcm gcm = new AesGcm(new RandomIvSource());

    public ArtifactOpener(Keyring keyring) {
        this.keyring = keyring;
    }

    /** The plaintext record JSON of a CDC artifact's {@code row_enc}. */
    public byte[] openRow(JsonNode artifact) {
        String table = text(artifact, TABLE);
        String sysId = text(artifact, RECORD_SYS_ID);
        Aad aad = Aad.row(text(artifact, TENANT_ID), text(artifact, INSTANCE_ID), text(artifact, SOURCE), table,
                sysId, text(artifact, EVENT_ID));
        return open(artifact, artifact.get(ROW_ENC), ROW_ENC, aad, ROW_ENC + " of " + table + "/" + sysId);
    }

    /** The plaintext schema snapshot of a schema artifact. */
    public byte[] openSchema(JsonNode artifact) {
        String table = text(artifact, TABLE);
        Aad aad = Aad.schema(text(artifact, TENANT_ID), text(artifact, INSTANCE_ID), text(artifact, SOURCE), table,
                text(artifact, EVENT_ID));
        return open(artifact, artifact.get(SNAPSHOT_ENC), SNAPSHOT_ENC, aad, SNAPSHOT_ENC + " of schema " + table);
    }

    /** The plaintext attachment metadata ({@code meta_enc}) of a media artifact. */
    public byte[] openMediaMeta(JsonNode artifact) {
        String attachment = text(artifact, ATTACHMENT_SYS_ID);
        Aad aad = Aad.mediaMeta(text(artifact, TENANT_ID), text(artifact, INSTANCE_ID), text(artifact, SOURCE),
                attachment, text(artifact, EVENT_ID));
        return open(artifact, artifact.get(META_ENC), META_ENC, aad, META_ENC + " of attachment " + attachment);
    }

    /**
     * The attachment bytes of a media artifact, from its blob object's bytes. Checks the blob's size and SHA-256
     * against the descriptor first, then every chunk's tag, then the plaintext SHA-256 against {@code sha256_plain}.
     */
    public byte[] openMediaBlob(JsonNode artifact, byte[] blob) {
        JsonNode media = artifact.path(MEDIA);
        JsonNode descriptor = media.path(BLOB_ENC);
        String attachment = text(artifact, ATTACHMENT_SYS_ID);
        String what = "blob of attachment " + attachment;
        if (!descriptor.isObject()) {
            throw new DecryptionException(what + ": media.blob_enc is missing");
        }
        if (descriptor.path("size_bytes").asLong(-1) != blob.length
                || !Sha256.hex(blob).equals(descriptor.path("sha256").asText())) {
            throw new DecryptionException(what + ": blob object does not match media.blob_enc size_bytes/sha256");
        }
        String tenant = text(artifact, TENANT_ID);
        DataKey key = keyring.key(tenant, descriptor.path("kid").asText());
        MediaBlobCodec.BlobIdentity identity = new MediaBlobCodec.BlobIdentity(tenant, text(artifact, INSTANCE_ID),
                text(artifact, SOURCE), attachment, media.path("media_id").asText());
        byte[] plain = MediaBlobCodec.open(gcm, key, identity, blob,
                descriptor.path("chunking").path("chunk_count").asInt(), what);
        if (!Sha256.hex(plain).equals(media.path("sha256_plain").asText())) {
            throw new DecryptionException(what + ": decrypted bytes do not match media.sha256_plain");
        }
        return plain;
    }

    private byte[] open(JsonNode artifact, JsonNode payloadNode, String field, Aad aad, String what) {
        EncryptedPayload payload = GcmEnvelope.read(payloadNode, field);
        DataKey key = keyring.key(text(artifact, TENANT_ID), payload.kid());
        return gcm.open(key, aad, payload, what);
    }

    private static String text(JsonNode artifact, String field) {
        JsonNode value = artifact.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new DecryptionException("artifact field " + field + " must be a non-empty string to rebuild the AAD");
        }
        return value.textValue();
    }
}
