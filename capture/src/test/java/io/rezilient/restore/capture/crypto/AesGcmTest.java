package io.rezilient.restore.capture.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.capture.testing.TestKeys;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.contracts.validation.ContractFields;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmTest {
    private static final byte[] RECORD = "{\"number\":\"INC0010001\",\"short_description\":\"VPN down\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Aad AAD = Aad.row("tenant-acme", "acme-dev", "sn://acme", "incident", "abc", "evt-1");
    private final DataKey key = TestKeys.key("tenant-acme:k1", 1);
    private final AesGcm gcm = new AesGcm(new RandomIvSource());

    @Test
    void sealedRecordOpensToTheSameBytesAndHidesThePlaintext() {
        EncryptedPayload payload = gcm.seal(key, AAD, RECORD);

        assertThat(gcm.open(key, AAD, payload, "row_enc")).isEqualTo(RECORD);
        byte[] framed = Base64.getDecoder().decode(payload.ciphertext());
        assertThat(framed).hasSize(IvSource.IV_BYTES + RECORD.length + AesGcm.TAG_BYTES);
        assertThat(new String(framed, StandardCharsets.ISO_8859_1)).doesNotContain("INC0010001");
        assertThat(payload.kid()).isEqualTo("tenant-acme:k1");
    }

    @Test
    void payloadIsAValidContractEncryptedPayload() {
        EncryptedPayload payload = gcm.seal(key, AAD, RECORD);

        assertThat(ContractFields.encryptedPayload().parse(payload.toJson()).issues()).isEmpty();
        assertThat(GcmEnvelope.read(payload.toJson(), "row_enc")).isEqualTo(payload);
        assertThat(payload.toJson().toString()).startsWith("{\"v\":1,\"alg\":\"AES-256-GCM\",\"kid\":\"tenant-acme:k1\","
                + "\"module\":\"rez.capture\",\"format\":\"rez.aes-gcm.v1\",\"compression\":\"none\",\"ciphertext\":");
    }

    @Test
    void randomNoncesMakeEveryCiphertextDifferent() {
        assertThat(gcm.seal(key, AAD, RECORD).ciphertext()).isNotEqualTo(gcm.seal(key, AAD, RECORD).ciphertext());
    }

    @Test
    void syntheticNoncesAreDeterministicAndDependOnMessageAndIdentity() {
        AesGcm first = new AesGcm(new SyntheticIvSource());
        AesGcm second = new AesGcm(new SyntheticIvSource());
        String a = first.seal(key, AAD, RECORD).ciphertext();

        assertThat(second.seal(key, AAD, RECORD).ciphertext()).isEqualTo(a);
        assertThat(first.seal(key, AAD, RECORD).ciphertext()).as("same message twice on one cipher").isEqualTo(a);
        byte[] otherRecord = RECORD.clone();
        otherRecord[5] ^= 1;
        assertThat(nonce(first.seal(key, AAD, otherRecord))).isNotEqualTo(nonce(first.seal(key, AAD, RECORD)));
        Aad otherEvent = Aad.row("tenant-acme", "acme-dev", "sn://acme", "incident", "abc", "evt-2");
        assertThat(nonce(first.seal(key, otherEvent, RECORD))).isNotEqualTo(nonce(first.seal(key, AAD, RECORD)));
    }

    @Test
    void wrongKeyFailsLoudly() {
        EncryptedPayload payload = gcm.seal(key, AAD, RECORD);
        DataKey sameIdOtherBytes = TestKeys.key("tenant-acme:k1", 2);

        assertThatThrownBy(() -> gcm.open(sameIdOtherBytes, AAD, payload, "row_enc of incident/abc"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("row_enc of incident/abc failed authentication under key tenant-acme:k1");
        assertThatThrownBy(() -> gcm.open(TestKeys.key("tenant-acme:k2", 1), AAD, payload, "row_enc"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("sealed under key tenant-acme:k1");
    }

    @Test
    void everyFlippedBitIsDetected() {
        EncryptedPayload payload = gcm.seal(key, AAD, RECORD);
        byte[] framed = Base64.getDecoder().decode(payload.ciphertext());
        for (int i = 0; i < framed.length; i++) {
            byte[] tampered = framed.clone();
            tampered[i] ^= 0x01;
            EncryptedPayload bad = GcmEnvelope.of(payload.kid(), Base64.getEncoder().encodeToString(tampered));
            int at = i;
            assertThatThrownBy(() -> gcm.open(key, AAD, bad, "row_enc"))
                    .as("bit flipped in byte %d", at)
                    .isInstanceOf(DecryptionException.class).hasMessageContaining("failed authentication");
        }
    }

    @Test
    void ciphertextCannotBeMovedToAnotherRecordTenantOrEvent() {
        EncryptedPayload payload = gcm.seal(key, AAD, RECORD);
        for (Aad elsewhere : new Aad[] {
                Aad.row("tenant-other", "acme-dev", "sn://acme", "incident", "abc", "evt-1"),
                Aad.row("tenant-acme", "acme-dev", "sn://acme", "problem", "abc", "evt-1"),
                Aad.row("tenant-acme", "acme-dev", "sn://acme", "incident", "abd", "evt-1"),
                Aad.row("tenant-acme", "acme-dev", "sn://acme", "incident", "abc", "evt-0"),
                Aad.schema("tenant-acme", "acme-dev", "sn://acme", "incident", "evt-1")}) {
            assertThatThrownBy(() -> gcm.open(key, elsewhere, payload, "row_enc"))
                    .as(elsewhere.toString()).isInstanceOf(DecryptionException.class);
        }
    }

    @Test
    void malformedEnvelopesAreNamed() {
        assertThatThrownBy(() -> gcm.open(key, AAD, GcmEnvelope.of(key.kid(), "%%%"), "row_enc"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("row_enc: ciphertext is not valid base64");
        assertThatThrownBy(() -> gcm.open(key, AAD, GcmEnvelope.of(key.kid(), "AAAA"), "row_enc"))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("shorter than the 28-byte nonce and tag");
        var node = gcm.seal(key, AAD, RECORD).toJson();
        node.put("alg", "AES-256-CBC");
        assertThatThrownBy(() -> GcmEnvelope.read(node, "row_enc"))
                .hasMessage("row_enc.alg must be AES-256-GCM, got AES-256-CBC");
        var extra = gcm.seal(key, AAD, RECORD).toJson().put("plain", "x");
        assertThatThrownBy(() -> GcmEnvelope.read(extra, "row_enc"))
                .isInstanceOf(DecryptionException.class).hasMessageStartingWith("row_enc.").hasMessageContaining("plain");
        var noCiphertext = gcm.seal(key, AAD, RECORD).toJson();
        noCiphertext.remove("ciphertext");
        assertThatThrownBy(() -> GcmEnvelope.read(noCiphertext, "row_enc"))
                .isInstanceOf(DecryptionException.class).hasMessageStartingWith("row_enc.ciphertext: ");
        assertThatThrownBy(() -> GcmEnvelope.read(null, "row_enc"))
                .hasMessage("row_enc must be an encrypted payload object, got nothing");
    }

    @Test
    void aadEncodingKeepsFieldBoundaries() {
        byte[] a = new Aad(Aad.ROW, java.util.List.of("a|b", "c")).encode("k");
        byte[] b = new Aad(Aad.ROW, java.util.List.of("a", "b|c")).encode("k");
        byte[] c = new Aad(Aad.ROW, java.util.List.of("a|b", "c")).encode("k2");

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }

    private static String nonce(EncryptedPayload payload) {
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(
                Base64.getDecoder().decode(payload.ciphertext()), IvSource.IV_BYTES));
    }
}
