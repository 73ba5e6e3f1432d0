package io.rezilient.restore.agent.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.crypto.DecryptionException;
import io.rezilient.restore.capture.crypto.GcmEnvelope;
import io.rezilient.restore.capture.crypto.IvSource;
import io.rezilient.restore.capture.crypto.RandomIvSource;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringException;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;
import java.util.Base64;

/**
 * Seals a target record's before-image (column → string value) for the rollback journal, and opens it again for
 * an undo. AES-256-GCM under the tenant's active key, framed exactly like capture's values ({@link GcmEnvelope}:
 * {@code rez.aes-gcm.v1}), with the AAD purpose {@code before_image} bound to the record and the journal entry
 * ({@link BeforeImageIdentity}); only the envelope's {@code module} differs, {@value #MODULE}, saying who sealed it.
 *
 * <p>Reusing capture's keyring ({@link Keyring}) and envelope is deliberate: the tenant keyring is the one secret
 * the agent holds anyway (it must open capture's values to restore them), so a before-image sealed with it needs no
 * second key store, rotates with the same {@code rez keys rotate}, and opens with the same code. The cost is that
 * the agent module depends on {@code capture} for its crypto classes, which the architecture test allows for this
 * module only.
 *
 * <p>Thread-safe: each thread seals and opens with its own cipher, kept for its next call (creating a cipher costs
 * more than sealing a record), and nonces come from a shared {@link java.security.SecureRandom}.
 */
public final class BeforeImageSealer {
    /** The envelope's {@code module}: the restore agent sealed it. */
    public static final String MODULE = "rez.agent";
    /** The name of the sealed value in messages and in the rollback journal. */
    public static final String FIELD = "before_image_enc";

    private final Keyring keyring;
    private final IvSource ivSource = new RandomIvSource();
    private final ThreadLocal<AesGcm> ciphers = ThreadLocal.withInitial(() -> new AesGcm(ivSource));

    public BeforeImageSealer(Keyring keyring) {
        this.keyring = keyring;
    }

    /**
     * Seals {@code image} under the active key of the identity's tenant and returns the envelope JSON.
     *
     * @throws KeyringException when the tenant has no key in the keyring
     */
    public ObjectNode seal(BeforeImageIdentity identity, ObjectNode image) {
        DataKey key = keyring.activeKey(identity.tenantId());
        byte[] framed = ciphers.get().sealFramed(key, identity.aad().encode(key.kid()), bytes(image));
        return new EncryptedPayload(GcmEnvelope.VERSION, GcmEnvelope.ALG, key.kid(), MODULE, GcmEnvelope.FORMAT,
                GcmEnvelope.COMPRESSION_NONE, Base64.getEncoder().encodeToString(framed), null).toJson();
    }

    /**
     * Opens an envelope made by {@link #seal} for the same identity.
     *
     * @throws CannotDecryptException for an unknown key, tampered bytes, another identity or a malformed envelope
     */
    public ObjectNode open(BeforeImageIdentity identity, JsonNode sealed) {
        String what = identity.describe();
        try {
            EncryptedPayload payload = GcmEnvelope.read(sealed, FIELD);
            DataKey key = keyring.key(identity.tenantId(), payload.kid());
            byte[] plain = ciphers.get().open(key, identity.aad(), payload, what);
            JsonNode image = Json.mapper().readTree(plain);
            if (image == null || !image.isObject()) {
                throw new CannotDecryptException("cannot decrypt " + what + ": the plaintext is not a JSON object");
            }
            return (ObjectNode) image;
        } catch (DecryptionException | KeyringException e) {
            throw new CannotDecryptException("cannot decrypt " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CannotDecryptException("cannot decrypt " + what + ": the plaintext is not JSON", e);
        }
    }

    private static byte[] bytes(ObjectNode image) {
        try {
            return Json.mapper().writeValueAsBytes(image);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a before-image", e);
        }
    }
}
