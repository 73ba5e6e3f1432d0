package io.rezilient.restore.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** The public keys a package is verified with: one PEM, or a signer keyring file ({@code rez evidence keys}). */
final class EvidenceKeysOption {
    @Option(names = "--public-key", paramLabel = "PEM-FILE",
            description = "The signer's public key (SPKI PEM), e.g. from openssl pkey -pubout; the signer key id is"
                    + " then not checked.")
    Path publicKey;
    @Option(names = "--keyring", paramLabel = "FILE",
            description = "A signer keyring file (rez evidence keys): every key it lists, active and retired.")
    Path keyring;

    /** The keys given, or empty when neither option was; both at once is refused. */
    Optional<EvidenceVerifyingKeys> keys() {
        if (publicKey != null && keyring != null) {
            throw new IllegalArgumentException("give --public-key or --keyring, not both");
        }
        if (keyring != null) {
            return Optional.of(EvidenceVerifyingKeys.keyring(keyring));
        }
        return publicKey == null ? Optional.empty() : Optional.of(EvidenceVerifyingKeys.publicKey(publicKey));
    }
}
