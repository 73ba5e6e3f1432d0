package io.rezilient.restore.capture.layout;

import java.util.Arrays;
import java.util.Locale;

/** The object key layouts the writer can produce; {@link #id()} is the manifest's {@code object_key_layout_version}. */
public enum LayoutVersion {
    /** The reference template: instance/app/table/kind/day/event. Not ordered by offset. */
    V1("rec.object-key-layout.v1"),
    /** Ours (docs/object-layout.md): tenant/instance/topic/partition/zero-padded offset, so key order is offset order. */
    V2("rec.object-key-layout.v2");

    private final String id;

    LayoutVersion(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Accepts {@code v1}/{@code v2} (any case) or the full id. */
    public static LayoutVersion parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(v -> v.id.equals(wanted) || v.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("layout must be v1 or v2, got '" + text + "'"));
    }
}
