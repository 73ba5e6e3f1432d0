package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.config.EvidenceKeyPair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The evidence signers' public keys, as a file an operator keeps beside the service and hands to auditors
 * ({@code RRS_EVIDENCE_KEYRING_FILE}, {@code rez evidence keys …}, {@code rez evidence verify --keyring}). It never
 * holds a private key. Exactly one key is {@code active} (the one the service signs with); {@code retired} keys stay so
 * that every package they signed keeps verifying.
 *
 * <pre>
 * {"format": "rez.evidence-keyring.v1",
 *  "keys": [{"signer_key_id": "rrs-ed25519-2026-01", "signature_algorithm": "ed25519",
 *            "public_key_pem": "-----BEGIN PUBLIC KEY-----…", "status": "retired",
 *            "created_at": "…", "retired_at": "…"}, …]}
 * </pre>
 */
public final class SignerKeyringFile {
    public static final String FORMAT = "rez.evidence-keyring.v1";

    /** One signer's public key and its life. */
    public record Entry(String keyId, SigningAlgorithm algorithm, String publicKeyPem, boolean active,
                        Instant createdAt, Optional<Instant> retiredAt) {
        public Entry {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(publicKeyPem, "publicKeyPem");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(retiredAt, "retiredAt");
        }

        public VerifyingKey verifyingKey() {
            return new VerifyingKey(keyId, algorithm, EvidenceKeyPair.parsePublic(publicKeyPem));
        }

        /** The first 16 hex digits of the SHA-256 of the key's DER form, to tell keys apart at a glance. */
        public String fingerprint() {
            try {
                byte[] der = verifyingKey().publicKey().getEncoded();
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)).substring(0, 16);
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        Entry retired(Instant at) {
            return new Entry(keyId, algorithm, publicKeyPem, false, createdAt, Optional.of(at));
        }
    }

    private SignerKeyringFile() {
    }

    /**
     * Reads and checks a keyring file: its format, each key parses as its algorithm says, ids are unique, at most one
     * key is active.
     *
     * @throws IllegalArgumentException saying what is wrong (never quoting key material)
     */
    public static List<Entry> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not JSON");
        }
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new IllegalArgumentException(file + ": format must be " + FORMAT);
        }
        if (!json.path("keys").isArray()) {
            throw new IllegalArgumentException(file + ": keys must be an array");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int active = 0;
        for (JsonNode key : json.path("keys")) {
            Entry entry = entry(file, key);
            if (!ids.add(entry.keyId())) {
                throw new IllegalArgumentException(file + ": signer key id " + entry.keyId() + " appears twice");
            }
            if (entry.active()) {
                active++;
            }
            entries.add(entry);
        }
        if (active > 1) {
            throw new IllegalArgumentException(file + ": more than one key is active");
        }
        return List.copyOf(entries);
    }

    /** Writes the keyring (replacing the file in one step, so a reader never sees half of it). */
    public static void write(Path file, List<Entry> entries) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("format", FORMAT);
        ArrayNode keys = json.putArray("keys");
        for (Entry entry : entries) {
            ObjectNode key = keys.addObject();
            key.put("signer_key_id", entry.keyId());
            key.put("signature_algorithm", entry.algorithm().wire());
            key.put("public_key_pem", entry.publicKeyPem());
            key.put("status", entry.active() ? "active" : "retired");
            key.put("created_at", IsoUtc.format(entry.createdAt()));
            if (entry.retiredAt().isPresent()) {
                key.put("retired_at", IsoUtc.format(entry.retiredAt().get()));
            } else {
                key.putNull("retired_at");
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staged = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(staged, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The entries with the active one retired at {@code at} and {@code added} appended as the new active key. */
    public static List<Entry> rotated(List<Entry> entries, Entry added, Instant at) {
        List<Entry> next = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.keyId().equals(added.keyId())) {
                throw new IllegalArgumentException("signer key id " + added.keyId() + " is already in the keyring");
            }
            next.add(entry.active() ? entry.retired(at) : entry);
        }
        next.add(added);
        return List.copyOf(next);
    }

    public static Optional<Entry> active(List<Entry> entries) {
        return entries.stream().filter(Entry::active).findFirst();
    }

    private static Entry entry(Path file, JsonNode key) {
        String keyId = key.path("signer_key_id").asText("");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException(file + ": every key needs a signer_key_id");
        }
        SigningAlgorithm algorithm = SigningAlgorithm.fromWire(key.path("signature_algorithm").asText())
                .orElseThrow(() -> new IllegalArgumentException(file + ": key " + keyId
                        + " has signature_algorithm " + key.path("signature_algorithm")
                        + "; expected ed25519 or rsa-pss-sha256"));
        String status = key.path("status").asText();
        if (!status.equals("active") && !status.equals("retired")) {
            throw new IllegalArgumentException(file + ": key " + keyId + " has status " + key.path("status")
                    + "; expected active or retired");
        }
        Instant created = IsoUtc.parse(key.path("created_at").asText("")).orElseThrow(
                () -> new IllegalArgumentException(file + ": key " + keyId + " needs created_at (ISO UTC)"));
        Optional<Instant> retired = key.path("retired_at").isTextual()
                ? Optional.of(IsoUtc.parse(key.path("retired_at").asText()).orElseThrow(
                        () -> new IllegalArgumentException(file + ": key " + keyId + ": retired_at is not ISO UTC")))
                : Optional.empty();
        Entry entry = new Entry(keyId, algorithm, key.path("public_key_pem").asText(""), status.equals("active"),
                created, retired);
        try {
            VerifyingKey parsed = entry.verifyingKey();
            if (SigningAlgorithm.of(EvidenceKeyPair.Algorithm.of(parsed.publicKey())) != algorithm) {
                throw new IllegalArgumentException("its public key is not a " + algorithm.wire() + " key");
            }
        } catch (IllegalArgumentException rejected) {
            throw new IllegalArgumentException(file + ": key " + keyId + ": " + rejected.getMessage());
        }
        return entry;
    }
}
