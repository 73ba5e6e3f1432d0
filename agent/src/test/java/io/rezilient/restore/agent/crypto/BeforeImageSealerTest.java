package io.rezilient.restore.agent.crypto;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringException;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.contracts.ids.ExecutionIds;
import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeforeImageSealerTest {
    private static final String PLAN_HASH = "a".repeat(64);
    private final Keyring keyring = TestKeyrings.twoTenants();
    private final BeforeImageSealer sealer = new BeforeImageSealer(keyring);

    private static BeforeImageIdentity identity(String tenant, int rowAttempt) {
        return BeforeImageIdentity.of(tenant, "acme-dev", "sn://acme-dev.service-now.com", "incident", "abc123",
                "job-1", PLAN_HASH, "row.1", rowAttempt);
    }

    private static ObjectNode image() {
        ObjectNode image = JsonNodeFactory.instance.objectNode();
        image.put("sys_id", "abc123");
        image.put("short_description", "printer on fire");
        image.putNull("assigned_to");
        return image;
    }

    @Test
    void aSealedImageOpensForTheSameJournalEntryAndHoldsNoPlaintext() {
        ObjectNode sealed = sealer.seal(identity(TestKeyrings.TENANT, 1), image());

        assertThat(sealer.open(identity(TestKeyrings.TENANT, 1), sealed)).isEqualTo(image());
        assertThat(Json.write(sealed)).doesNotContain("printer");
        EncryptedPayload envelope = EncryptedPayload.fromJson(sealed);
        assertThat(envelope.alg()).isEqualTo("AES-256-GCM");
        assertThat(envelope.format()).isEqualTo("rez.aes-gcm.v1");
        assertThat(envelope.module()).isEqualTo(BeforeImageSealer.MODULE);
        assertThat(envelope.kid()).isEqualTo(keyring.activeKey(TestKeyrings.TENANT).kid());
    }

    @Test
    void theIdentityCarriesTheJournalIdOfTheRowAttempt() {
        assertThat(identity(TestKeyrings.TENANT, 3).journalId())
                .isEqualTo(ExecutionIds.journalId("job-1", PLAN_HASH, "row.1", 3));
    }

    @Test
    void anImageDoesNotOpenForAnotherJournalEntry() {
        ObjectNode sealed = sealer.seal(identity(TestKeyrings.TENANT, 1), image());

        assertThatThrownBy(() -> sealer.open(identity(TestKeyrings.TENANT, 2), sealed))
                .isInstanceOf(CannotDecryptException.class)
                .hasMessageStartingWith("cannot decrypt before-image of incident/abc123")
                .hasMessageContaining("failed authentication");
    }

    @Test
    void anImageDoesNotOpenForAnotherTenant() {
        ObjectNode sealed = sealer.seal(identity(TestKeyrings.TENANT, 1), image());

        assertThatThrownBy(() -> sealer.open(identity(TestKeyrings.OTHER_TENANT, 1), sealed))
                .isInstanceOf(CannotDecryptException.class)
                .hasMessageContaining("is not a key of tenant " + TestKeyrings.OTHER_TENANT);
    }

    @Test
    void aTamperedImageDoesNotOpen() {
        ObjectNode sealed = sealer.seal(identity(TestKeyrings.TENANT, 1), image());
        byte[] bytes = Base64.getDecoder().decode(sealed.get("ciphertext").asText());
        bytes[bytes.length / 2] ^= 0x01;
        sealed.put("ciphertext", Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> sealer.open(identity(TestKeyrings.TENANT, 1), sealed))
                .isInstanceOf(CannotDecryptException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void aMalformedEnvelopeIsReportedNotThrownRaw() {
        ObjectNode notAnEnvelope = JsonNodeFactory.instance.objectNode().put("alg", "ROT13").put("ciphertext", "x");

        assertThatThrownBy(() -> sealer.open(identity(TestKeyrings.TENANT, 1), notAnEnvelope))
                .isInstanceOf(CannotDecryptException.class).hasMessageContaining("before_image_enc.alg");
    }

    @Test
    void imagesSealedBeforeARotationStillOpenAndNewOnesUseTheNewKey() {
        ObjectNode old = sealer.seal(identity(TestKeyrings.TENANT, 1), image());
        Keyring rotated = keyring.rotate(TestKeyrings.TENANT, TestKeyrings.material(), Instant.parse("2026-02-01T00:00:00Z"));
        BeforeImageSealer afterRotation = new BeforeImageSealer(rotated);

        assertThat(afterRotation.open(identity(TestKeyrings.TENANT, 1), old)).isEqualTo(image());
        assertThat(afterRotation.seal(identity(TestKeyrings.TENANT, 1), image()).get("kid").asText())
                .isEqualTo(rotated.activeKey(TestKeyrings.TENANT).kid()).isNotEqualTo(old.get("kid").asText());
    }

    @Test
    void sealingForATenantWithoutKeysNamesTheTenant() {
        assertThatThrownBy(() -> sealer.seal(identity("tenant-unknown", 1), image()))
                .isInstanceOf(KeyringException.class).hasMessageContaining("tenant-unknown");
    }
}
