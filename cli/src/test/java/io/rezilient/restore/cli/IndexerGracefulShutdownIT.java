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
 * An operator stops {@code rez indexer run} with SIGTERM (as systemd or Kubernetes do) while a cycle is writing:
 * the process finishes that cycle, prints its summary, releases its lease so a standby takes over at once, and
 * exits 0. The cycle is held in flight by the test itself: a transaction of the test keeps a SHARE lock on
 * {@code index_events}, so the indexer's insert waits — visible in {@code pg_locks} — until the test lets go.
 */
class IndexerGracefulShutdownIT {
    private static final int EVENTS = 300;
    private static final long WAIT_SECONDS = 90;
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
    void sigtermDuringACycleFinishesItReleasesTheLeaseAndExitsZero(@TempDir Path dir) throws Exception {
        Path objects = IndexerRunFixture.captureWorkload(dir, 40, EVENTS, 3);
        Path log = dir.resolve("indexer.log");
        Process indexer = null;
        try (Connection blocker = db.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                // reads go on; the first insert of the indexer's cycle waits for this transaction
                lock.execute("LOCK TABLE rez_restore_index.index_events IN SHARE MODE");
            }
            indexer = IndexerRunFixture.startRun(db.jdbcUrl(), objects, "sigterm-scope",
                    // one cycle reads the whole workload, so the cycle in flight is the one that indexes it all
                    Map.of("REZ_RESTORE_INDEXER_LEADER_ID", "sigterm-test", "REZ_RESTORE_INDEXER_BATCH_SIZE", "1000"),
                    log, true); // production logging: the shutdown hook's INFO line shows the signal arrived
            awaitInsertWaitingForTheLock(indexer, log);
            assertThat(leaseHeldBySigtermTest()).as("lease held while running").isTrue();

            indexer.destroy(); // SIGTERM, while the cycle's write is waiting
            awaitLogLine(indexer, log, "restore-indexer shutdown requested");
            assertThat(indexer.isAlive()).as("the indexer waits for its cycle: %s", Files.readString(log)).isTrue();
            assertThat(count("SELECT count(*) FROM rez_restore_index.index_events")).isZero();

            blocker.rollback(); // the cycle's write goes through
            assertThat(indexer.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        } finally {
            if (indexer != null) {
                indexer.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertThat(indexer.exitValue()).as(output).isZero();
        assertThat(output).contains("stopped after").contains(EVENTS + " inserted");
        assertThat(count("SELECT count(*) FROM rez_restore_index.index_events")).isEqualTo(EVENTS);
        assertThat(leaseHeldBySigtermTest()).as("lease released on shutdown").isFalse();
    }

    /** Polls {@code pg_locks} (bounded) until a session of this database waits for a lock on {@code index_events}. */
    private static void awaitInsertWaitingForTheLock(Process indexer, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (count("SELECT count(*) FROM pg_locks WHERE NOT granted"
                + " AND relation = 'rez_restore_index.index_events'::regclass"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0) {
            assertThat(indexer.isAlive()).as("indexer died early: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the indexer never wrote: %s", Files.readString(log)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Polls the indexer's log (bounded) until it has {@code line}. */
    private static void awaitLogLine(Process indexer, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Files.readString(log).contains(line)) {
            assertThat(indexer.isAlive()).as("indexer exited before logging %s: %s", line, Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("never logged %s: %s", line, Files.readString(log)).isLessThan(deadline);
            Thread.sleep(20);
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
