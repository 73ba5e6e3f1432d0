package io.rezilient.restore.service.config;

import java.util.Objects;

/** How evidence is signed and labelled (service-spec §7). */
public record EvidenceSettings(String signerKeyId, EvidenceKeyPair keys, boolean immutableWormEnabled,
                              String retentionClass) {
    public EvidenceSettings {
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(retentionClass, "retentionClass");
    }
}
