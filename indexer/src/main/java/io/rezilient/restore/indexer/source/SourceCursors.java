package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ReplayDefaults;
import io.rezilient.restore.contracts.cursor.SourceCursorParser;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.contracts.cursor.SourceCursorWriter;

/** Reads and writes the persisted v3 cursor; an unreadable one fails closed with the reference's diagnostic. */
public final class SourceCursors {
    static final String FAILURE_PREFIX = "source cursor parse failure (fail-closed): ";
    static final int PREVIEW_LIMIT = 180;
    static final String REMEDIATION = "update rez_restore_index.source_progress.cursor for this ingest_scope_id to a"
            + " valid v3 cursor (or NULL to rescan from the start) while the indexer is stopped";

    private SourceCursors() {
    }

    /**
     * Parses the persisted cursor.
     *
     * @throws SourceCursorParseException when it is not a valid v3 cursor
     */
    public static SourceCursorState read(String persisted, ReplaySettings replay) {
        ReplayDefaults defaults = new ReplayDefaults(replay.enabled(), replay.lowerBound());
        try {
            return SourceCursorParser.parse(persisted, defaults);
        } catch (IllegalArgumentException invalid) {
            String kind = kind(persisted);
            String preview = preview(persisted);
            throw new SourceCursorParseException(FAILURE_PREFIX + invalid.getMessage() + "; cursor_kind=" + kind
                    + "; cursor_preview=" + preview + "; manual_remediation=" + REMEDIATION, kind, preview, invalid);
        }
    }

    public static String write(SourceCursorState state) {
        return SourceCursorWriter.serialize(state);
    }

    static String kind(String cursor) {
        if (cursor == null) {
            return "null";
        }
        String trimmed = cursor.strip();
        if (trimmed.isEmpty()) {
            return "empty";
        }
        return trimmed.startsWith("{") ? "json_like" : "legacy_string";
    }

    /** Whitespace runs collapsed to one space, at most {@value #PREVIEW_LIMIT} characters plus "...". */
    static String preview(String cursor) {
        if (cursor == null) {
            return "null";
        }
        String collapsed = cursor.strip().replaceAll("\\s+", " ");
        return collapsed.length() <= PREVIEW_LIMIT ? collapsed : collapsed.substring(0, PREVIEW_LIMIT) + "...";
    }
}
