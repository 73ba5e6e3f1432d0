package io.rezilient.restore.capture.artifact;

import java.util.Arrays;

/** What an artifact holds; the manifest's {@code artifact_kind} (indexer-spec §2.2). */
public enum ArtifactKind {
    CDC("cdc"), SCHEMA("schema"), MEDIA("media"), ERROR("error"), REPAIR("repair");

    private final String wire;

    ArtifactKind(String wire) {
        this.wire = wire;
    }

    /** The value written in manifests and v1 keys. */
    public String wire() {
        return wire;
    }

    public static ArtifactKind fromWire(String value) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("artifact kind must be one of cdc, schema, media, "
                        + "error, repair; got " + value));
    }
}
