package io.rezilient.restore.cli;

import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.evidence.OfflineVerifier;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.service.evidence.SigningAlgorithm;
import io.rezilient.restore.service.evidence.VerifyingKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/** The keys an auditor checks a package's signature with: one public key PEM file, or a signer keyring file. */
record EvidenceVerifyingKeys(OfflineVerifier.Keys keys, String description) {
    /**
     * A lone public key. Its file says nothing about the key id, so the package's signer key id is not checked
     * against it (the key is named after its file in the report).
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no Ed25519 or RSA public key
     */
    static EvidenceVerifyingKeys publicKey(Path pemFile) {
        String pem;
        try {
            pem = Files.readString(pemFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + pemFile + ": " + e.getMessage());
        }
        PublicKey key;
        try {
            key = EvidenceKeyPair.parsePublic(pem);
        } catch (IllegalArgumentException rejected) {
            throw new IllegalArgumentException(pemFile + ": " + rejected.getMessage());
        }
        String name = pemFile.getFileName().toString();
        VerifyingKey verifying = new VerifyingKey(name,
                SigningAlgorithm.of(EvidenceKeyPair.Algorithm.of(key)), key);
        return new EvidenceVerifyingKeys(new OfflineVerifier.Keys(List.of(verifying), false),
                "the public key in " + name);
    }

    /**
     * Every key of a signer keyring, active and retired: a package stays verifiable after its key is rotated out.
     *
     * @throws IllegalArgumentException when the keyring cannot be read, is invalid or holds no key
     */
    static EvidenceVerifyingKeys keyring(Path keyringFile) {
        List<VerifyingKey> keys = SignerKeyringFile.read(keyringFile).stream()
                .map(SignerKeyringFile.Entry::verifyingKey).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(keyringFile + " holds no keys");
        }
        return new EvidenceVerifyingKeys(new OfflineVerifier.Keys(keys, true),
                "the keyring " + keyringFile.getFileName() + " (" + keys.size() + " key"
                        + (keys.size() == 1 ? "" : "s") + ")");
    }
}
