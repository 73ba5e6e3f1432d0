package io.rezilient.restore.indexer.source;

import java.util.Arrays;
import java.util.Optional;

/** How the source finds new manifests ({@code REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE}, indexer-spec §2.7). */
public enum CursorMode {
    /** Lexical fast path over every key under the prefix, plus the bounded replay of v1 keys below the cursor. */
    MIXED("mixed"),
    /** Layout v2 only: each partition directory is listed from its shard's {@code next_offset}; no replay. */
    V2_PRIMARY("v2_primary");

    private final String wire;

    CursorMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<CursorMode> fromWire(String value) {
        return Arrays.stream(values()).filter(mode -> mode.wire.equals(value)).findFirst();
    }
}
