package io.rezilient.restore.db;

/** Names the migrations create, for code that refers to them (the SQL files spell the same names). */
public final class RestoreSchemas {
    /** Schema the indexer writes and the restore service reads. */
    public static final String INDEX_SCHEMA = "rez_restore_index";
    /** Schema of the restore service's own tables. */
    public static final String SERVICE_SCHEMA = "rez_restore";
    /** NOLOGIN role with DML on {@link #INDEX_SCHEMA}; grant it to the indexer's login user. */
    public static final String INDEXER_RW_ROLE = "rez_restore_indexer_rw";
    /** NOLOGIN role with SELECT on {@link #INDEX_SCHEMA}; grant it to the restore service's login user. */
    public static final String SERVICE_RO_ROLE = "rez_restore_service_ro";
    /** NOLOGIN role with DML on the service's plan tables in {@code rez_restore}; the service's login needs it too. */
    public static final String SERVICE_RW_ROLE = "rez_restore_service_rw";
    /** Flyway's history table, kept in {@link #INDEX_SCHEMA}. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private RestoreSchemas() {
    }
}
