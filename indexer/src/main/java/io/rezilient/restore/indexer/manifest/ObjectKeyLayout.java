package io.rezilient.restore.indexer.manifest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The object key layout a manifest declares ({@code object_key_layout_version}). v1 keys sort by
 * instance/app/table/kind/day/event, not by offset, so late keys can land below the scan cursor; v2 keys sort by
 * topic/partition/offset.
 */
public enum ObjectKeyLayout {
    V1("rec.object-key-layout.v1"),
    V2("rec.object-key-layout.v2");

    private final String wire;

    ObjectKeyLayout(String wire) {
        this.wire = wire;
    }

    /** The value as manifests write it. */
    public String wire() {
        return wire;
    }

    /** The layout for an exact wire value, or empty. */
    public static Optional<ObjectKeyLayout> fromWire(String value) {
        return Arrays.stream(values()).filter(layout -> layout.wire.equals(value)).findFirst();
    }
}
