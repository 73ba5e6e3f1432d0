package io.rezilient.restore.indexer.source;

/**
 * The persisted cursor cannot be read: the worker fails closed (it never restarts the scan from scratch, which would
 * silently re-read or skip work). The message carries the reference's diagnostic fields so runbooks keep working.
 */
public final class SourceCursorParseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String cursorKind;
    private final String cursorPreview;

    SourceCursorParseException(String message, String cursorKind, String cursorPreview, Throwable cause) {
        super(message, cause);
        this.cursorKind = cursorKind;
        this.cursorPreview = cursorPreview;
    }

    /** {@code null}, {@code empty}, {@code json_like} or {@code legacy_string}. */
    public String cursorKind() {
        return cursorKind;
    }

    public String cursorPreview() {
        return cursorPreview;
    }
}
