package io.rezilient.restore.service.config;

import io.rezilient.restore.service.evidence.SignerKeyringFile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How evidence is signed and labelled (service-spec §7): the signing key and its id, the public keys of earlier
 * signers (architecture §5 item 8), and the immutable-storage settings.
 *
 * @param keyring      the entries of {@code RRS_EVIDENCE_KEYRING_FILE}, empty when none is set
 * @param inlineMaxRows the largest execution whose package a terminal answer waits for
 * @param copyInterval  how often missing object-store copies are made again; zero: never in the background
 */
public record EvidenceSettings(String signerKeyId, EvidenceKeyPair keys, List<SignerKeyringFile.Entry> keyring,
                               boolean immutableWormEnabled, String retentionClass, int inlineMaxRows,
                               Duration copyInterval) {
    public EvidenceSettings {
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        Objects.requireNonNull(keys, "keys");
        keyring = List.copyOf(keyring);
        Objects.requireNonNull(retentionClass, "retentionClass");
        Objects.requireNonNull(copyInterval, "copyInterval");
    }
}
