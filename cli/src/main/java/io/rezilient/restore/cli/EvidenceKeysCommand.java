package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.config.EvidenceKeyPair;
import io.rezilient.restore.service.evidence.SignerKeyringFile;
import io.rezilient.restore.service.evidence.SigningAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rez evidence keys generate|rotate|list}: the evidence signing keys (architecture §5 item 8). The private key
 * goes to a file of its own (mode 600) for the service's {@code RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM}; the public key
 * goes into the signer keyring file ({@code RRS_EVIDENCE_KEYRING_FILE}), which also keeps every retired key so older
 * packages keep verifying, and which auditors get to verify packages offline.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Evidence signing keys: one active key signs, retired keys keep verifying what they signed.",
        subcommands = {EvidenceKeysCommand.Generate.class, EvidenceKeysCommand.Rotate.class,
                EvidenceKeysCommand.ListKeys.class})
final class EvidenceKeysCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What generate and rotate share: the new key's id, algorithm, private key file and the keyring. */
    static class NewKey {
        @Option(names = "--key-id", required = true, paramLabel = "ID",
                description = "Id of the new key (RRS_EVIDENCE_SIGNER_KEY_ID), e.g. rrs-ed25519-2027-01.")
        String keyId;
        @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ed25519",
                description = "ed25519 (default) or rsa-pss-sha256 (a 3072-bit RSA key).")
        String algorithm;
        @Option(names = "--private-key-out", required = true, paramLabel = "FILE",
                description = "Where to write the new private key (PKCS#8 PEM, mode 600); must not exist.")
        Path privateKeyOut;
        @Option(names = "--keyring", required = true, paramLabel = "FILE", description = "The signer keyring file.")
        Path keyring;

        SignerKeyringFile.Entry create(Instant now) {
            if (keyId.isBlank() || !keyId.strip().equals(keyId)) {
                throw new IllegalArgumentException("--key-id must be a non-blank id without surrounding spaces");
            }
            SigningAlgorithm chosen = SigningAlgorithm.fromWire(algorithm).orElseThrow(() ->
                    new IllegalArgumentException("--algorithm must be ed25519 or rsa-pss-sha256, was " + algorithm));
            KeyPair pair = generate(chosen);
            writePrivate(privateKeyOut, EvidenceKeyPair.pem(pair.getPrivate()));
            return new SignerKeyringFile.Entry(keyId, chosen, EvidenceKeyPair.pem(pair.getPublic()), true, now,
                    Optional.empty());
        }

        void printEnvironment(PrintWriter out) {
            out.println("sign with it: restart the service with");
            out.println("  RRS_EVIDENCE_SIGNER_KEY_ID=" + keyId);
            out.println("  RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM=\"$(cat " + privateKeyOut + ")\"");
            out.println("  RRS_EVIDENCE_KEYRING_FILE=" + keyring);
            out.println("give auditors the keyring file (public keys only): rez evidence verify DIR --keyring "
                    + keyring);
        }

        private static KeyPair generate(SigningAlgorithm algorithm) {
            try {
                if (algorithm == SigningAlgorithm.ED25519) {
                    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                }
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(3072);
                return rsa.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a " + algorithm.wire() + " key: " + e.getMessage(), e);
            }
        }

        /** Writes the private key readable by its owner only, refusing to replace any file. */
        private static void writePrivate(Path file, String pem) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException noPosix) {
                    Files.createFile(file);
                }
                Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException exists) {
                throw new IllegalArgumentException(file + " already exists; a private key is never overwritten");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Create the first signing key: its private key file and a keyring file naming it active.")
    static final class Generate extends NewKey implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            List<SignerKeyringFile.Entry> existing = Files.exists(keyring) ? SignerKeyringFile.read(keyring)
                    : List.of();
            if (SignerKeyringFile.active(existing).isPresent()) {
                throw new IllegalArgumentException(keyring + " already has an active key ("
                        + SignerKeyringFile.active(existing).get().keyId() + "); use rez evidence keys rotate");
            }
            SignerKeyringFile.Entry created = create(Instant.now());
            SignerKeyringFile.write(keyring, SignerKeyringFile.rotated(existing, created, created.createdAt()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("created " + created.algorithm().wire() + " signing key " + keyId + " (fingerprint "
                    + created.fingerprint() + "): private key " + privateKeyOut + ", public key in " + keyring);
            printEnvironment(out);
            out.flush();
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Replace the active signing key: the keyring's active key becomes retired (its public key"
                    + " stays, so every package it signed keeps verifying) and a new key becomes active.",
                    "Then restart the service with the new key (the lines printed), as the runbook's"
                            + " \"Evidence Signing Key Rotation\" says."})
    static final class Rotate extends NewKey implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            if (!Files.exists(keyring)) {
                throw new IllegalArgumentException(keyring + " does not exist; create the first key with"
                        + " rez evidence keys generate");
            }
            List<SignerKeyringFile.Entry> existing = SignerKeyringFile.read(keyring);
            SignerKeyringFile.Entry previous = SignerKeyringFile.active(existing).orElseThrow(() ->
                    new IllegalArgumentException(keyring + " has no active key to rotate"));
            if (existing.stream().anyMatch(entry -> entry.keyId().equals(keyId))) {
                throw new IllegalArgumentException("signer key id " + keyId + " is already in " + keyring);
            }
            SignerKeyringFile.Entry created = create(Instant.now());
            SignerKeyringFile.write(keyring, SignerKeyringFile.rotated(existing, created, created.createdAt()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("retired " + previous.keyId() + "; created " + created.algorithm().wire() + " signing key "
                    + keyId + " (fingerprint " + created.fingerprint() + "), now active in " + keyring);
            printEnvironment(out);
            out.println("record the rotation (" + previous.keyId() + " -> " + keyId + ") in the change log; packages"
                    + " signed by " + previous.keyId() + " keep verifying with this keyring");
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The keys of a signer keyring file.")
    static final class ListKeys implements Callable<Integer> {
        private static final String ROW = "%-32s %-15s %-8s %-25s %-25s %s%n";
        @Spec
        private CommandSpec spec;
        @Option(names = "--keyring", required = true, paramLabel = "FILE", description = "The signer keyring file.")
        private Path keyring;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(ROW, "SIGNER_KEY_ID", "ALGORITHM", "STATUS", "CREATED", "RETIRED", "FINGERPRINT");
            for (SignerKeyringFile.Entry entry : SignerKeyringFile.read(keyring)) {
                out.printf(ROW, entry.keyId(), entry.algorithm().wire(), entry.active() ? "active" : "retired",
                        IsoUtc.format(entry.createdAt()), entry.retiredAt().map(IsoUtc::format).orElse("-"),
                        entry.fingerprint());
            }
            out.flush();
            return 0;
        }
    }
}
