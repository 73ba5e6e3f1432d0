package io.rezilient.restore.agent.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.target.TargetSchema;
import io.rezilient.restore.agent.target.TargetTableLoader;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.truth.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Stands up a PostgreSQL restore target from a capture ground-truth file: creates one table per captured table
 * ({@link TargetSchema}) and loads every record as it was at the chosen time, all in one transaction, so a failed
 * seed leaves nothing behind.
 *
 * <p>Tables that already exist are refused unless the request says to replace them: a seed overwrites a target
 * wholesale, which must never happen to a target by accident.
 */
public final class TargetSeeder {
    private static final Logger LOG = LoggerFactory.getLogger(TargetSeeder.class);

    private final DataSource dataSource;
    private final String schema;

    public TargetSeeder(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /**
     * Seeds the target and returns the rows loaded per table.
     *
     * @throws IllegalArgumentException when the keyring has no key for the truth's tenant
     * @throws IllegalStateException    when a table exists and {@code replace} is off, or the database fails
     */
    public SeedResult seed(SeedRequest request) {
        GroundTruth truth = GroundTruth.load(request.truthFile());
        requireTenantKey(request, truth.header().tenantId());
        Instant at = request.at().orElseGet(() -> TruthSnapshot.latest(truth));
        TruthSnapshot snapshot = TruthSnapshot.of(truth, at);
        SortedMap<String, Integer> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                prepareTables(connection, snapshot.columns(), request.replace());
                TargetSchema.createTables(connection, schema, snapshot.columns());
                for (Map.Entry<String, List<ObjectNode>> table : snapshot.records().entrySet()) {
                    List<String> columns = new ArrayList<>();
                    columns.add("sys_id");
                    snapshot.columns().get(table.getKey()).stream().filter(c -> !c.equals("sys_id"))
                            .forEach(columns::add);
                    counts.put(table.getKey(), TargetTableLoader.insert(connection, schema, table.getKey(), columns,
                            table.getValue()));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed schema " + schema + " from " + request.truthFile() + ": "
                    + e.getMessage(), e);
        }
        SeedResult result = new SeedResult(schema, at, counts);
        LOG.info("seeded {} rows into {} tables of schema {} as of {} from {}", result.totalRows(), counts.size(),
                schema, at, request.truthFile());
        return result;
    }

    /**
     * The agent seals before-images and opens restore values with the truth tenant's keys: a target seeded for a
     * tenant the keyring does not know could never be restored into, so say so before loading anything.
     */
    private static void requireTenantKey(SeedRequest request, String tenantId) {
        Keyring keyring = request.keyring().load();
        if (keyring.tenant(tenantId).isEmpty()) {
            throw new IllegalArgumentException("keyring " + request.keyring().path() + " has no key for tenant "
                    + tenantId + " (the tenant of " + request.truthFile() + "); the agent could not restore into"
                    + " this target; add one with 'rez keys generate --tenant " + tenantId + "'");
        }
    }

    /** Refuses existing tables, or drops them when replacing; checks every table before dropping any. */
    private void prepareTables(Connection connection, SortedMap<String, SortedSet<String>> tables, boolean replace)
            throws SQLException {
        List<String> existing = new ArrayList<>();
        for (String table : tables.keySet()) {
            if (TargetSchema.tableExists(connection, schema, table)) {
                existing.add(table);
            }
        }
        if (existing.isEmpty()) {
            return;
        }
        if (!replace) {
            throw new IllegalStateException("target tables already exist: " + schema + "."
                    + String.join(", " + schema + ".", existing) + "; a seed replaces a target wholesale, so it"
                    + " refuses: drop them first or seed with replace");
        }
        for (String table : existing) {
            TargetSchema.dropTable(connection, schema, table);
        }
    }
}
