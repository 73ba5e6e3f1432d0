package io.rezilient.restore.agent.crypto;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.RandomIvSource;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan rows built the way the service materialises them: {@code diff_enc} is capture's {@code row_enc}. */
class RowValueOpenerTest {
    private static final String INSTANCE = "acme-dev";
    private static final String SOURCE = "sn://acme-dev.service-now.com";
    private static final String EVENT_ID = "evt-0001";
    private final Keyring keyring = TestKeyrings.twoTenants();
    private final RowValueOpener opener = new RowValueOpener(keyring);

    private static ObjectNode record() {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("sys_id", "abc123");
        record.put("number", "INC0010001");
        record.put("short_description", "printer on fire");
        record.putNull("assigned_to");
        return record;
    }

    /** A plan row of {@code tenant} whose {@code field} holds the record sealed as capture seals {@code row_enc}. */
    private ObjectNode planRow(String tenant, String field) {
        ObjectNode payload = new AesGcm(new RandomIvSource()).seal(keyring.activeKey(tenant),
                Aad.row(tenant, INSTANCE, SOURCE, "incident", "abc123", EVENT_ID),
                Json.write(record()).getBytes(StandardCharsets.UTF_8)).toJson();
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("row_id", "row.1");
        row.put("table", "incident");
        row.put("record_sys_id", "abc123");
        row.put("action", "update");
        ObjectNode metadata = row.putObject("metadata");
        metadata.put("allowlist_version", "rrs.metadata.allowlist.v1");
        metadata.putObject("metadata").put("tenant_id", tenant).put("instance_id", INSTANCE).put("source", SOURCE)
                .put("table", "incident").put("record_sys_id", "abc123").put("event_id", EVENT_ID);
        row.putObject("values").set(field, payload);
        return row;
    }

    @Test
    void opensTheDiffOfARow() {
        assertThat(opener.open(TestKeyrings.TENANT, planRow(TestKeyrings.TENANT, "diff_enc"))).isEqualTo(record());
    }

    @Test
    void opensTheAfterImageWhenTheRowHasNoDiff() {
        assertThat(opener.open(TestKeyrings.TENANT, planRow(TestKeyrings.TENANT, "after_image_enc")))
                .isEqualTo(record());
    }

    @Test
    void aRowOfAnotherTenantIsNotOpened() {
        ObjectNode row = planRow(TestKeyrings.OTHER_TENANT, "diff_enc");

        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, row)).isInstanceOf(CannotDecryptException.class)
                .hasMessageContaining("belongs to tenant " + TestKeyrings.OTHER_TENANT);
    }

    @Test
    void aValueSealedWithAnotherTenantsKeyDoesNotOpen() {
        ObjectNode row = planRow(TestKeyrings.OTHER_TENANT, "diff_enc");
        // the metadata claims our tenant, but the ciphertext is under the other tenant's key
        ((ObjectNode) row.get("metadata").get("metadata")).put("tenant_id", TestKeyrings.TENANT);

        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, row)).isInstanceOf(CannotDecryptException.class)
                .hasMessageStartingWith("cannot decrypt diff_enc of incident/abc123")
                .hasMessageContaining("is not a key of tenant " + TestKeyrings.TENANT);
    }

    @Test
    void aTamperedValueDoesNotOpen() {
        ObjectNode row = planRow(TestKeyrings.TENANT, "diff_enc");
        ObjectNode payload = (ObjectNode) row.get("values").get("diff_enc");
        byte[] bytes = Base64.getDecoder().decode(payload.get("ciphertext").asText());
        bytes[bytes.length - 1] ^= 0x40;
        payload.put("ciphertext", Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, row)).isInstanceOf(CannotDecryptException.class)
                .hasMessageStartingWith("cannot decrypt diff_enc of incident/abc123")
                .hasMessageContaining("failed authentication");
    }

    @Test
    void aValueMovedToAnotherEventDoesNotOpen() {
        ObjectNode row = planRow(TestKeyrings.TENANT, "diff_enc");
        ((ObjectNode) row.get("metadata").get("metadata")).put("event_id", "evt-0002");

        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, row)).isInstanceOf(CannotDecryptException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void anUnknownKeyIdIsNamed() {
        ObjectNode row = planRow(TestKeyrings.TENANT, "diff_enc");
        ((ObjectNode) row.get("values").get("diff_enc")).put("kid", "tenant-acme:k9");

        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, row)).isInstanceOf(CannotDecryptException.class)
                .hasMessageContaining("key id tenant-acme:k9 is not a key of tenant " + TestKeyrings.TENANT);
    }

    @Test
    void aRowWithoutValuesOrIdentityIsReported() {
        ObjectNode noValues = planRow(TestKeyrings.TENANT, "diff_enc");
        noValues.putObject("values");
        ObjectNode noEvent = planRow(TestKeyrings.TENANT, "diff_enc");
        ((ObjectNode) noEvent.get("metadata").get("metadata")).remove("event_id");
        ObjectNode otherRecord = planRow(TestKeyrings.TENANT, "diff_enc");
        otherRecord.put("record_sys_id", "def456");

        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, noValues))
                .isInstanceOf(CannotDecryptException.class).hasMessageContaining("neither diff_enc nor after_image_enc");
        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, noEvent))
                .isInstanceOf(CannotDecryptException.class).hasMessageContaining("metadata.metadata.event_id");
        assertThatThrownBy(() -> opener.open(TestKeyrings.TENANT, otherRecord))
                .isInstanceOf(CannotDecryptException.class).hasMessageContaining("record_sys_id is def456");
    }
}
