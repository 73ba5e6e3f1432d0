package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator stops {@code rez indexer run} with SIGTERM (as systemd or Kubernetes do): the process finishes its
 * cycle, prints its summary, releases its lease so a standby takes over at once, and exits.
 */
class IndexerGracefulShutdownIT {
    private static final int EVENTS = 300;
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexerGracefulShutdownIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void sigtermFinishesTheCycleReleasesTheLeaseAndExits(@TempDir Path dir) throws Exception {
        Path objects = IndexerRunFixture.captureWorkload(dir, 40, EVENTS, 3);
        Path log = dir.resolve("indexer.log");
        Process indexer = IndexerRunFixture.startRun(db.jdbcUrl(), objects, "sigterm-scope",
                Map.of("REZ_RESTORE_INDEXER_LEADER_ID", "sigterm-test"), log);
        try {
            awaitIndexed(indexer, log);
            assertThat(leaseHeldBySigtermTest()).as("lease held while running").isTrue();

            indexer.destroy(); // SIGTERM
            assertThat(indexer.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        } finally {
            indexer.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(indexer.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("stopped after").contains(EVENTS + " inserted");
        assertThat(leaseHeldBySigtermTest()).as("lease released on shutdown").isFalse();
    }

    /** Polls the index (bounded) until the running indexer has every captured event. */
    private static void awaitIndexed(Process indexer, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (count("SELECT count(*) FROM rez_restore_index.index_events") < EVENTS) {
            assertThat(indexer.isAlive()).as("indexer died early: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("indexed in time: %s", Files.readString(log)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean leaseHeldBySigtermTest() throws SQLException {
        return count("SELECT count(*) FROM rez_restore_index.source_leases WHERE holder_id = 'sigterm-test'"
                + " AND lease_expires_at > now()") > 0;
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
