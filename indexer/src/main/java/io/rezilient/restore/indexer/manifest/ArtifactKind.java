package io.rezilient.restore.indexer.manifest;

import java.util.Arrays;
import java.util.Optional;

/** What an artifact holds: the manifest's {@code artifact_kind} (indexer-spec §2.2). */
public enum ArtifactKind {
    CDC("cdc"),
    SCHEMA("schema"),
    MEDIA("media"),
    ERROR("error"),
    REPAIR("repair");

    private final String wire;

    ArtifactKind(String wire) {
        this.wire = wire;
    }

    /** The value as manifests write it. */
    public String wire() {
        return wire;
    }

    /** The kind for an exact wire value, or empty. */
    public static Optional<ArtifactKind> fromWire(String value) {
        return Arrays.stream(values()).filter(kind -> kind.wire.equals(value)).findFirst();
    }
}
