package io.rezilient.restore.cli;

import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.evidence.OfflineVerifier;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.service.evidence.SigningAlgorithm;
import io.rezilient.restore.service.evidence.VerifyingKey;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/** The public keys a package is verified with: one PEM, or a signer keyring file ({@code rez evidence keys}). */
final class EvidenceKeysOption {
    @Option(names = "--public-key", paramLabel = "PEM-FILE",
            description = "The signer's public key (SPKI PEM), e.g. from openssl pkey -pubout.")
    Path publicKey;
    @Option(names = "--keyring", paramLabel = "FILE",
            description = "A signer keyring file (rez evidence keys): every key it lists, active or retired.")
    Path keyring;

    /** The keys given, or empty when neither option was; both at once is refused. */
    Optional<OfflineVerifier.Keys> keys() {
        if (publicKey != null && keyring != null) {
            throw new IllegalArgumentException("give --public-key or --keyring, not both");
        }
        if (keyring != null) {
            List<VerifyingKey> keys = SignerKeyringFile.read(keyring).stream()
                    .map(SignerKeyringFile.Entry::verifyingKey).toList();
            if (keys.isEmpty()) {
                throw new IllegalArgumentException(keyring + " lists no keys");
            }
            return Optional.of(new OfflineVerifier.Keys(keys, true));
        }
        if (publicKey != null) {
            String pem;
            try {
                pem = Files.readString(publicKey, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + publicKey + ": " + e.getMessage());
            }
            PublicKey key;
            try {
                key = EvidenceKeyPair.parsePublic(pem);
            } catch (IllegalArgumentException rejected) {
                throw new IllegalArgumentException(publicKey + ": " + rejected.getMessage());
            }
            return Optional.of(new OfflineVerifier.Keys(List.of(new VerifyingKey(publicKey.getFileName().toString(),
                    SigningAlgorithm.of(EvidenceKeyPair.Algorithm.of(key)), key)), false));
        }
        return Optional.empty();
    }
}
