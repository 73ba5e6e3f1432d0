package io.rezilient.restore.capture.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keyring on disk: one JSON file (format {@value #FORMAT}, see {@code docs/object-layout.md}), readable only
 * by its owner, replaced atomically (temporary file, fsync, rename) so a crash never leaves half a keyring.
 *
 * <p>Loading is strict: every problem names the file and the field ({@code tenants["t"].keys[1].key}), since a
 * keyring that is silently misread loses data for good.
 */
public final class KeyringFile {
    public static final String FORMAT = "rez.keyring.v1";
    private static final Set<String> ROOT_FIELDS = Set.of("format", "tenants");
    private static final Set<String> TENANT_FIELDS = Set.of("active_kid", "keys");
    private static final Set<String> KEY_FIELDS = Set.of("kid", "created_at", "key");
    private static final String OWNER_ONLY = "rw-------";

    private final Path path;

    public KeyringFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.isRegularFile(path);
    }

    /** Reads the keyring; a missing file is an error that says how to create one. */
    public Keyring load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new KeyringException("keyring " + path + " does not exist; create it with "
                    + "'rez keys generate --tenant TENANT'", e);
        } catch (IOException e) {
            throw new KeyringException("cannot read keyring " + path + ": " + e, e);
        }
        return parse(bytes);
    }

    /** Reads the keyring, or an empty one when the file does not exist yet. */
    public Keyring loadOrEmpty() {
        return exists() ? load() : Keyring.empty();
    }

    /** Adds the first key of {@code tenantId} (the file is created if needed) and returns the new keyring. */
    public Keyring generate(String tenantId, SecureRandom random, Instant now) {
        Keyring next = loadOrEmpty().generate(tenantId, newKeyMaterial(random), now);
        save(next);
        return next;
    }

    /** Makes a fresh key the active key of {@code tenantId}, keeping the old ones, and returns the new keyring. */
    public Keyring rotate(String tenantId, SecureRandom random, Instant now) {
        Keyring next = load().rotate(tenantId, newKeyMaterial(random), now);
        save(next);
        return next;
    }

    /** The active key of {@code tenantId}, creating the tenant's first key when the keyring has none for it. */
    public DataKey activeKeyCreatingIfMissing(String tenantId, SecureRandom random, Instant now) {
        Keyring keyring = loadOrEmpty();
        if (keyring.tenant(tenantId).isEmpty()) {
            keyring = generate(tenantId, random, now);
        }
        return keyring.activeKey(tenantId);
    }

    static byte[] newKeyMaterial(SecureRandom random) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        random.nextBytes(material);
        return material;
    }

    /** Writes {@code keyring} atomically, owner read/write only. */
    public void save(Keyring keyring) {
        byte[] bytes = serialize(keyring);
        Path directory = path.getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = posix()
                    ? Files.createTempFile(directory, ".keyring-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)))
                    : Files.createTempFile(directory, ".keyring-", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException ignored) {
                // Some filesystems cannot fsync a directory; the file itself is already on disk.
            }
        } catch (IOException e) {
            throw new KeyringException("cannot write keyring " + path + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more to do; the old keyring is untouched
                }
            }
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static byte[] serialize(Keyring keyring) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        ObjectNode tenants = root.putObject("tenants");
        for (TenantKeys tenant : keyring.tenants()) {
            ObjectNode node = tenants.putObject(tenant.tenantId());
            node.put("active_kid", tenant.activeKid());
            ArrayNode keys = node.putArray("keys");
            for (DataKey key : tenant.keys()) {
                keys.addObject()
                        .put("kid", key.kid())
                        .put("created_at", IsoUtc.format(key.createdAt()))
                        .put("key", Base64.getEncoder().encodeToString(key.material()));
            }
        }
        try {
            return (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise keyring", e);
        }
    }

    Keyring parse(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw invalid("is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e));
        }
        if (root == null || !root.isObject()) {
            throw invalid("must hold a JSON object");
        }
        rejectUnknown(root, ROOT_FIELDS, "");
        String format = requireText(root, "format", "format");
        if (!FORMAT.equals(format)) {
            throw invalid("format must be " + FORMAT + ", got " + format);
        }
        JsonNode tenantsNode = root.get("tenants");
        if (tenantsNode == null || !tenantsNode.isObject()) {
            throw invalid("tenants must be an object of tenant id → keys");
        }
        List<TenantKeys> tenants = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : tenantsNode.properties()) {
            tenants.add(parseTenant(entry.getKey(), entry.getValue()));
        }
        try {
            return new Keyring(tenants);
        } catch (KeyringException e) {
            throw invalid(e.getMessage());
        }
    }

    private TenantKeys parseTenant(String tenantId, JsonNode node) {
        String at = "tenants[\"" + tenantId + "\"]";
        try {
            Keyring.requireTenantId(tenantId);
        } catch (KeyringException e) {
            throw invalid(at + ": " + e.getMessage());
        }
        if (!node.isObject()) {
            throw invalid(at + " must be an object with active_kid and keys");
        }
        rejectUnknown(node, TENANT_FIELDS, at + ".");
        String activeKid = requireText(node, "active_kid", at + ".active_kid");
        JsonNode keysNode = node.get("keys");
        if (keysNode == null || !keysNode.isArray() || keysNode.isEmpty()) {
            throw invalid(at + ".keys must be a non-empty array");
        }
        List<DataKey> keys = new ArrayList<>();
        for (int i = 0; i < keysNode.size(); i++) {
            keys.add(parseKey(tenantId, keysNode.get(i), at + ".keys[" + i + "]"));
        }
        try {
            return new TenantKeys(tenantId, activeKid, keys);
        } catch (KeyringException e) {
            throw invalid(at + ".active_kid " + activeKid + " is not the kid of any of its keys");
        }
    }

    private DataKey parseKey(String tenantId, JsonNode node, String at) {
        if (!node.isObject()) {
            throw invalid(at + " must be an object with kid, created_at and key");
        }
        rejectUnknown(node, KEY_FIELDS, at + ".");
        String kid = requireText(node, "kid", at + ".kid");
        String createdText = requireText(node, "created_at", at + ".created_at");
        Instant created = IsoUtc.parse(createdText)
                .orElseThrow(() -> invalid(at + ".created_at " + IsoUtc.RULE_MESSAGE + ", got " + createdText));
        String encoded = requireText(node, "key", at + ".key");
        byte[] material;
        try {
            material = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw invalid(at + ".key must be base64 of " + DataKey.KEY_BYTES + " bytes: " + e.getMessage());
        }
        if (material.length != DataKey.KEY_BYTES) {
            throw invalid(at + ".key must be base64 of " + DataKey.KEY_BYTES + " bytes (AES-256), got "
                    + material.length + " bytes");
        }
        return new DataKey(kid, tenantId, created, material);
    }

    private void rejectUnknown(JsonNode node, Set<String> allowed, String at) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(at + name + " is not a keyring field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private String requireText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw invalid(at + " must be a non-blank string");
        }
        return value.textValue();
    }

    private KeyringException invalid(String problem) {
        return new KeyringException("keyring " + path + ": " + problem);
    }
}
