package io.rezilient.restore.db;

/** The database schema does not match this build; the message says what to run. */
public final class SchemaVersionException extends IllegalStateException {
    private final transient SchemaStatus status;

    public SchemaVersionException(SchemaStatus status) {
        super(status.describe());
        this.status = status;
    }

    public SchemaStatus status() {
        return status;
    }
}
