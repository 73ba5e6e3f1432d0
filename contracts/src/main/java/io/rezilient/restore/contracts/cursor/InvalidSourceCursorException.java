package io.rezilient.restore.contracts.cursor;

/**
 * A persisted cursor that cannot be read. The indexer must fail closed on it (never silently restart from
 * scratch); the message always starts with {@link #PREFIX}, the part of it that is portable between
 * implementations.
 */
public final class InvalidSourceCursorException extends IllegalArgumentException {
    public static final String PREFIX = "invalid source cursor state: ";

    private static final long serialVersionUID = 1L;

    InvalidSourceCursorException(String detail, Throwable cause) {
        super(PREFIX + detail, cause);
    }
}
