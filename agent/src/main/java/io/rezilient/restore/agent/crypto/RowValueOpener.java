package io.rezilient.restore.agent.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.crypto.DecryptionException;
import io.rezilient.restore.capture.crypto.GcmEnvelope;
import io.rezilient.restore.capture.crypto.RandomIvSource;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringException;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;

/**
 * Opens the record a plan row restores. A plan row carries {@code values: {diff_enc?, before_image_enc?,
 * after_image_enc?}} and {@code metadata: {allowlist_version, metadata: {tenant_id, instance_id, source, table,
 * record_sys_id, event_id, …}}}; its {@code diff_enc} is the captured event's {@code row_enc}, sealed by capture
 * with {@link Aad#row} over exactly those metadata fields. So the record is {@code diff_enc} (else
 * {@code after_image_enc}) opened with that AAD and the tenant's key named by the envelope's {@code kid}.
 *
 * <p>The keyring and cipher are capture's on purpose (see {@link BeforeImageSealer}): the values were sealed by
 * capture, and one implementation of the envelope is what keeps sealing and opening in step.
 *
 * <p>Every failure is a {@link CannotDecryptException} naming the value, which the caller turns into a failed row.
 * Thread-safe: each thread opens with its own cipher, kept for its next call (creating a cipher costs more than
 * opening a row).
 */
public final class RowValueOpener {
    private static final ThreadLocal<AesGcm> CIPHERS = ThreadLocal.withInitial(() -> new AesGcm(new RandomIvSource()));
    private static final String DIFF_ENC = "diff_enc";
    private static final String AFTER_IMAGE_ENC = "after_image_enc";

    private final Keyring keyring;

    public RowValueOpener(Keyring keyring) {
        this.keyring = keyring;
    }

    /**
     * The plaintext record (field → value) of {@code planRow}, which must belong to tenant {@code tenantId}.
     *
     * @throws CannotDecryptException when the row has no value to open, its metadata cannot rebuild the AAD, it
     *                                belongs to another tenant, or the value does not open
     */
    public ObjectNode open(String tenantId, JsonNode planRow) {
        JsonNode metadata = planRow.path("metadata").path("metadata");
        String table = text(metadata, "table", planRow);
        String sysId = text(metadata, "record_sys_id", planRow);
        String record = table + "/" + sysId;
        requireSameAsRow(planRow, "table", table, record);
        requireSameAsRow(planRow, "record_sys_id", sysId, record);
        String rowTenant = text(metadata, "tenant_id", planRow);
        if (!rowTenant.equals(tenantId)) {
            throw new CannotDecryptException("cannot decrypt the values of " + record + ": the row belongs to tenant "
                    + rowTenant + ", not " + tenantId);
        }
        JsonNode values = planRow.path("values");
        String field = values.hasNonNull(DIFF_ENC) ? DIFF_ENC : AFTER_IMAGE_ENC;
        if (!values.hasNonNull(field)) {
            throw new CannotDecryptException("cannot decrypt the values of " + record + ": the row carries neither "
                    + DIFF_ENC + " nor " + AFTER_IMAGE_ENC);
        }
        Aad aad = Aad.row(rowTenant, text(metadata, "instance_id", planRow), text(metadata, "source", planRow), table,
                sysId, text(metadata, "event_id", planRow));
        String what = field + " of " + record;
        try {
            EncryptedPayload payload = GcmEnvelope.read(values.get(field), field);
            DataKey key = keyring.key(rowTenant, payload.kid());
            byte[] plain = CIPHERS.get().open(key, aad, payload, what);
            JsonNode parsed = Json.mapper().readTree(plain);
            if (parsed == null || !parsed.isObject()) {
                throw new CannotDecryptException("cannot decrypt " + what + ": the plaintext is not a JSON object");
            }
            return (ObjectNode) parsed;
        } catch (DecryptionException | KeyringException e) {
            throw new CannotDecryptException("cannot decrypt " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CannotDecryptException("cannot decrypt " + what + ": the plaintext is not JSON", e);
        }
    }

    private static String text(JsonNode metadata, String field, JsonNode planRow) {
        JsonNode value = metadata.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new CannotDecryptException("cannot decrypt the values of row " + planRow.path("row_id").asText("?")
                    + ": metadata.metadata." + field + " must be a non-empty string to rebuild the AAD");
        }
        return value.textValue();
    }

    /** The plan contract makes the metadata name the row's own record; a row that disagrees is not opened. */
    private static void requireSameAsRow(JsonNode planRow, String field, String expected, String record) {
        JsonNode value = planRow.get(field);
        if (value != null && !expected.equals(value.asText())) {
            throw new CannotDecryptException("cannot decrypt the values of " + record + ": the row's " + field + " is "
                    + value.asText() + " but its metadata names " + expected);
        }
    }
}
