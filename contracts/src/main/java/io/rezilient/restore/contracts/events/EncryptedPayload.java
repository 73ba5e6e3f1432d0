package io.rezilient.restore.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.validation.ContractFields;

import java.util.Objects;

/**
 * The encrypted value envelope ({@code EncryptedPayload}): ciphertext plus what a key holder needs to open it.
 * Optional fields are {@code null}.
 *
 * @param v           envelope version
 * @param alg         cipher, e.g. {@code AES-256-GCM}
 * @param kid         key id in the tenant keyring
 * @param module      producer module that encrypted it
 * @param format      envelope format tag
 * @param compression {@code gzip} or {@code none}
 * @param ciphertext  the encrypted bytes, base64
 * @param sha256      hex digest (lower-cased when parsed)
 */
public record EncryptedPayload(Long v, String alg, String kid, String module, String format, String compression,
                               String ciphertext, String sha256) {
    public EncryptedPayload {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /** The minimal envelope: algorithm, key id and ciphertext. */
    public static EncryptedPayload of(String alg, String kid, String ciphertext) {
        return new EncryptedPayload(null, alg, kid, null, null, null, ciphertext, null);
    }

    public ObjectNode toJson() {
        return new JsonObjects().put("v", v).put("alg", alg).put("kid", kid).put("module", module)
                .put("format", format).put("compression", compression).put("ciphertext", ciphertext)
                .put("sha256", sha256).build();
    }

    /**
     * Reads and validates an envelope.
     *
     * @throws io.rezilient.restore.contracts.validation.ValidationException naming the broken rule
     */
    public static EncryptedPayload fromJson(JsonNode json) {
        JsonNode parsed = ContractFields.encryptedPayload().parse(json).valueOrThrow();
        return new EncryptedPayload(JsonObjects.integer(parsed, "v"), JsonObjects.text(parsed, "alg"),
                JsonObjects.text(parsed, "kid"), JsonObjects.text(parsed, "module"),
                JsonObjects.text(parsed, "format"), JsonObjects.text(parsed, "compression"),
                JsonObjects.text(parsed, "ciphertext"), JsonObjects.text(parsed, "sha256"));
    }
}
