package io.rezilient.restore.capture.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rezilient.restore.capture.crypto.Aad;
import io.rezilient.restore.capture.crypto.AesGcm;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.crypto.DecryptionException;
import io.rezilient.restore.contracts.events.EncryptedPayload;
import io.rezilient.restore.capture.crypto.RandomIvSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyringFileTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Aad AAD = Aad.row("tenant-acme", "i", "s", "incident", "r1", "e1");
    private final SecureRandom random = new SecureRandom();
    @TempDir
    Path dir;

    @Test
    void generateCreatesAnOwnerOnlyKeyringWithOneActiveKey() throws Exception {
        KeyringFile file = new KeyringFile(dir.resolve(".rez/keyring.json"));

        Keyring keyring = file.generate("tenant-acme", random, NOW);

        assertThat(keyring.activeKey("tenant-acme").kid()).isEqualTo("tenant-acme:k1");
        assertThat(file.load().activeKey("tenant-acme")).isEqualTo(keyring.activeKey("tenant-acme"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(Files.list(file.path().getParent())).containsExactly(file.path());
    }

    @Test
    void rotationMakesANewActiveKeyAndOldCiphertextStillOpens() {
        KeyringFile file = new KeyringFile(dir.resolve("keyring.json"));
        file.generate("tenant-acme", random, NOW);
        AesGcm gcm = new AesGcm(new RandomIvSource());
        byte[] record = "{\"short_description\":\"old\"}".getBytes(StandardCharsets.UTF_8);
        EncryptedPayload old = gcm.seal(file.load().activeKey("tenant-acme"), AAD, record);

        Keyring rotated = file.rotate("tenant-acme", random, NOW.plusSeconds(60));

        Keyring reloaded = file.load();
        assertThat(reloaded.activeKey("tenant-acme").kid()).isEqualTo("tenant-acme:k2");
        assertThat(reloaded.tenant("tenant-acme").orElseThrow().keys()).extracting(DataKey::kid)
                .containsExactly("tenant-acme:k1", "tenant-acme:k2");
        assertThat(gcm.open(reloaded.key("tenant-acme", old.kid()), AAD, old, "row_enc")).isEqualTo(record);
        assertThat(rotated.activeKey("tenant-acme").material()).isNotEqualTo(reloaded.key("tenant-acme", "tenant-acme:k1").material());
        assertThatThrownBy(() -> gcm.open(reloaded.activeKey("tenant-acme"), AAD, old, "row_enc"))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void tenantsAreKeptApartAndMisuseIsExplained() {
        KeyringFile file = new KeyringFile(dir.resolve("keyring.json"));
        file.generate("tenant-acme", random, NOW);
        file.generate("tenant-beta", random, NOW);

        Keyring keyring = file.load();
        assertThat(keyring.tenants()).extracting(TenantKeys::tenantId).containsExactly("tenant-acme", "tenant-beta");
        assertThatThrownBy(() -> keyring.key("tenant-beta", "tenant-acme:k1"))
                .hasMessage("key id tenant-acme:k1 is not a key of tenant tenant-beta in the keyring");
        assertThatThrownBy(() -> file.generate("tenant-acme", random, NOW))
                .hasMessage("tenant tenant-acme already has keys; use rotate to add a new active key");
        assertThatThrownBy(() -> file.rotate("tenant-zeta", random, NOW))
                .hasMessageContaining("tenant tenant-zeta has no keys in the keyring; create one with 'rez keys generate --tenant tenant-zeta'");
        assertThatThrownBy(() -> new KeyringFile(dir.resolve("missing.json")).load())
                .isInstanceOf(KeyringException.class).hasMessageContaining("does not exist; create it with");
        assertThat(keyring.activeKey("tenant-acme").toString()).doesNotContain(
                java.util.Base64.getEncoder().encodeToString(keyring.activeKey("tenant-acme").material()));
    }

    static Stream<Arguments> brokenKeyrings() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        String good = "{\"kid\":\"t:k1\",\"created_at\":\"2026-01-01T00:00:00.000Z\",\"key\":\"" + key + "\"}";
        return Stream.of(
                Arguments.of("{", "is not valid JSON"),
                Arguments.of("[]", "must hold a JSON object"),
                Arguments.of("{\"format\":\"other\",\"tenants\":{}}", "format must be rez.keyring.v1, got other"),
                Arguments.of("{\"format\":\"rez.keyring.v1\"}", "tenants must be an object"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{},\"x\":1}", "x is not a keyring field"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k1\",\"keys\":[]}}}",
                        "tenants[\"t\"].keys must be a non-empty array"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"keys\":[" + good + "]}}}",
                        "tenants[\"t\"].active_kid must be a non-blank string"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k9\",\"keys\":[" + good + "]}}}",
                        "tenants[\"t\"].active_kid t:k9 is not the kid of any of its keys"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k1\",\"keys\":["
                        + good.replace(key, shortKey) + "]}}}", "tenants[\"t\"].keys[0].key must be base64 of 32 bytes (AES-256), got 16 bytes"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k1\",\"keys\":["
                        + good.replace(key, "***") + "]}}}", "tenants[\"t\"].keys[0].key must be base64 of 32 bytes"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k1\",\"keys\":["
                        + good.replace("2026-01-01T00:00:00.000Z", "yesterday") + "]}}}",
                        "tenants[\"t\"].keys[0].created_at must be ISO datetime"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k1\",\"keys\":["
                        + good + "," + good + "]}}}", "key id t:k1 appears more than once"),
                Arguments.of("{\"format\":\"rez.keyring.v1\",\"tenants\":{\"t\":{\"active_kid\":\"t:k1\",\"keys\":["
                        + good.replace("\"kid\"", "\"secret\":1,\"kid\"") + "]}}}",
                        "tenants[\"t\"].keys[0].secret is not a keyring field"));
    }

    @ParameterizedTest
    @MethodSource("brokenKeyrings")
    void malformedKeyringFilesAreRejectedNamingTheField(String content, String message) throws Exception {
        Path path = dir.resolve("keyring.json");
        Files.writeString(path, content);

        assertThatThrownBy(() -> new KeyringFile(path).load())
                .isInstanceOf(KeyringException.class)
                .hasMessageStartingWith("keyring " + path)
                .hasMessageContaining(message);
    }
}
