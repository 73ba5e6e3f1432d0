package io.rezilient.restore.bench;

import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.RestoreSchemas;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The fastest rate at which PostgreSQL takes a given set of {@code index_events} rows on this machine, with none of
 * our code in the way: the rows are exported with {@code COPY TO} and written back with one {@code COPY FROM STDIN}
 * into a fresh table created {@code LIKE index_events INCLUDING ALL} plus the same generation foreign key. A store's
 * rate divided by it says how much of what the database can do the store uses.
 */
final class IndexCopyCeiling {
    private static final String EVENTS = RestoreSchemas.INDEX_SCHEMA + ".index_events";
    private static final String COPY_TABLE = RestoreSchemas.INDEX_SCHEMA + ".index_events_ceiling";

    /** One COPY of a few thousand rows takes a second or two; the best of three is less at the mercy of noise. */
    private static final int ATTEMPTS = 3;

    static final String METHOD = "COPY TO of the same rows, then COPY FROM STDIN of them into a fresh table LIKE "
            + "index_events INCLUDING ALL plus the generation foreign key, same database, three times (emptied in "
            + "between); ceiling events/s = rows / wall time of the fastest COPY FROM";

    private IndexCopyCeiling() {
    }

    /** Rows per second of one COPY of the rows of tenant {@code tenantId}; fails unless there are {@code rows}. */
    static double eventsPerSecond(PgUrl database, String tenantId, long rows) throws SQLException, IOException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            String columns = columnsWithoutIdentity(s);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            // the tenant id is the benchmark's own UUID-based value, never outside input
            copy.copyOut("COPY (SELECT " + columns + " FROM " + EVENTS + " WHERE tenant_id = '" + tenantId
                    + "' ORDER BY id) TO STDOUT", exported);
            s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            s.execute("CREATE TABLE " + COPY_TABLE + " (LIKE " + EVENTS + " INCLUDING ALL)");
            s.execute("ALTER TABLE " + COPY_TABLE + " ADD CONSTRAINT index_events_ceiling_generation_fk "
                    + "FOREIGN KEY (tenant_id, instance_id, source, topic, kafka_partition, generation_id) REFERENCES "
                    + RestoreSchemas.INDEX_SCHEMA + ".partition_generations (tenant_id, instance_id, source, topic, "
                    + "kafka_partition, generation_id)");
            byte[] bytes = exported.toByteArray();
            double best = 0;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                s.execute("TRUNCATE " + COPY_TABLE);
                long started = System.nanoTime();
                long copied = copy.copyIn("COPY " + COPY_TABLE + " (" + columns + ") FROM STDIN",
                        new ByteArrayInputStream(bytes));
                double seconds = (System.nanoTime() - started) / 1e9;
                if (copied != rows) {
                    throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + rows);
                }
                best = Math.max(best, rows / seconds);
            }
            s.execute("DROP TABLE " + COPY_TABLE);
            return best;
        }
    }

    /** Every column an indexer writes: all but the identity. */
    private static String columnsWithoutIdentity(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) "
                + "FROM pg_attribute WHERE attrelid = '" + EVENTS + "'::regclass AND attnum > 0 "
                + "AND NOT attisdropped AND attname <> 'id'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
