package io.rezilient.restore.service.config;

import java.util.Objects;

/**
 * How evidence is signed and labelled (service-spec §7). Accepted for compatibility, not used yet: nothing is signed
 * until evidence lands (the key pair is still checked at start-up, deviation S6).
 */
public record EvidenceSettings(String signerKeyId, EvidenceKeyPair keys, boolean immutableWormEnabled,
                              String retentionClass) {
    public EvidenceSettings {
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(retentionClass, "retentionClass");
    }
}
