package io.rezilient.restore.indexer.groups;

import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.IndexerRuntime;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.indexer.source.ReplaySettings;
import io.rezilient.restore.indexer.source.SourceCursors;
import io.rezilient.restore.indexer.source.SourceFixture;
import io.rezilient.restore.indexer.store.SourceProgress;
import io.rezilient.restore.indexer.worker.BatchSummary;
import io.rezilient.restore.indexer.worker.IndexerWorker;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partition groups over a filesystem store and a real PostgreSQL, wired as production wires them
 * ({@link IndexerRuntime} from environment variables): two members share the groups, hand them over, and a split
 * scope resumes from the undivided scope's cursor.
 */
class GroupedIndexerIT {
    private static final String PREFIX = "rez/restore-artifacts";
    private static final int PARTITIONS = 8;
    private static final int OFFSETS = 25;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestDatabase db;

    @TempDir
    Path root;
    private SourceFixture fixture;
    private String scope;
    private final List<IndexerRuntime> runtimes = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("GroupedIndexerIT");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        scope = "scope-" + id;
        fixture = new SourceFixture(new FileSystemObjectStore(root), PREFIX, "tenant-" + id, "inst-" + id,
                "sn://" + id + ".service-now.com", "rez.cdc");
        Instant time = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int offset = 0; offset < OFFSETS; offset++) {
                fixture.putV2("incident", "%04x%04x".formatted(partition, offset), partition, offset,
                        time.plusSeconds(offset));
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        runtimes.forEach(IndexerRuntime::close);
        ((ObjectStore) fixture.store()).close();
    }

    private IndexerRuntime runtime(String holder, int groups) {
        Map<String, String> env = SourceFixture.filesystemEnv(db.jdbcUrl(), root, PREFIX, scope);
        env.put("REZ_RESTORE_INDEXER_SOURCE_CURSOR_MODE", "v2_primary");
        env.put("REZ_RESTORE_INDEXER_PARTITION_GROUPS", Integer.toString(groups));
        env.put("REZ_RESTORE_INDEXER_LEADER_ID", holder);
        env.put("REZ_RESTORE_INDEXER_LEADER_LEASE_SECONDS", "30"); // nothing here waits for an expiry
        env.put("REZ_RESTORE_INDEXER_POLL_INTERVAL_MS", "50");
        env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", "20");
        IndexerRuntime runtime = IndexerRuntime.open(IndexerSettings.fromEnv(env));
        runtimes.add(runtime);
        return runtime;
    }

    @Test
    void twoMembersShareTheGroupsAndTheSurvivorTakesThemAllBack() throws Exception {
        IndexerRuntime a = runtime("member-a", 4);
        IndexerRuntime b = runtime("member-b", 4);
        GroupedIndexer groupsA = a.groups().orElseThrow();
        GroupedIndexer groupsB = b.groups().orElseThrow();

        assertThat(groupsA.tick()).as("alone, a takes every group").containsExactly(0, 1, 2, 3);
        assertThat(groupsB.tick()).as("b joins; every group is still leased to a").isEmpty();
        assertThat(groupsA.tick()).as("a gives back what exceeds half").containsExactly(0, 1);
        assertThat(groupsB.tick()).as("b takes the groups a gave back").containsExactly(2, 3);
        assertThat(liveHolders()).containsOnly("member-a", "member-b").hasSize(4);

        await(() -> events() == PARTITIONS * OFFSETS && progressCount() == 4);
        // each group's cursor moved only its own partitions, and together they cover every partition
        List<String> shards = new ArrayList<>();
        for (SourceProgress progress : progressRows()) {
            int group = Integer.parseInt(progress.ingestScopeId().replaceAll(".*#group-(\\d+)-of-4", "$1")) - 1;
            SourceCursorState cursor = SourceCursors.read(progress.cursor(), ReplaySettings.DEFAULT);
            cursor.byShard().keySet().forEach(shard -> assertThat(new PartitionGroup(group, 4).owns(shard))
                    .as("%s moved by %s", shard, progress.ingestScopeId()).isTrue());
            cursor.byShard().values().forEach(shard -> assertThat(shard.nextOffset())
                    .isEqualTo(Integer.toString(OFFSETS)));
            shards.addAll(cursor.byShard().keySet());
        }
        assertThat(shards).hasSize(PARTITIONS).doesNotHaveDuplicates();
        assertThat(count("SELECT count(*) FROM rez_restore_index.partition_watermarks WHERE tenant_id = ?"
                + " AND indexed_through_offset = " + (OFFSETS - 1) + " AND frontier_stalled_since IS NULL"))
                .as("every partition complete").isEqualTo(PARTITIONS);
        assertThat(groupsA.health().healthy()).isFalse(); // ticked by hand: its coordinator loop is not running

        groupsA.close(); // stops its groups (releasing their leases) without leaving: its membership runs out
        a.close();
        runtimes.remove(a);
        assertThat(groupsB.tick()).as("a's leases are free but its membership is live: b keeps its half")
                .containsExactly(2, 3);
        expireMembership("member-a");
        assertThat(groupsB.tick()).as("a is gone: b takes every group").containsExactly(0, 1, 2, 3);
        assertThat(liveHolders()).containsOnly("member-b").hasSize(4);
    }

    @Test
    void aScopeSplitIntoGroupsResumesFromTheUndividedScopesCursor() throws Exception {
        IndexerRuntime undivided = runtime("single", 1);
        IndexerWorker worker = undivided.worker().orElseThrow();
        long first = 0;
        for (int cycle = 0; cycle < 3; cycle++) {
            first += worker.runOnce().inserted();
        }
        assertThat(first).isEqualTo(60);
        worker.close();
        undivided.close();
        runtimes.remove(undivided);

        IndexerRuntime split = runtime("split", 4);
        Map<PartitionGroup, Optional<long[]>> results = split.groups().orElseThrow().withEachGroup(groupWorker -> {
            long[] totals = new long[2]; // inserted, already indexed
            BatchSummary batch;
            do {
                batch = groupWorker.runOnce();
                totals[0] += batch.inserted();
                totals[1] += batch.existing();
            } while (!batch.empty());
            return totals;
        });
        assertThat(results).hasSize(4).allSatisfy((group, totals) -> assertThat(totals).isPresent());
        long inserted = results.values().stream().mapToLong(totals -> totals.orElseThrow()[0]).sum();
        long existing = results.values().stream().mapToLong(totals -> totals.orElseThrow()[1]).sum();
        assertThat(inserted).isEqualTo(PARTITIONS * OFFSETS - first);
        assertThat(existing).as("events the groups read again: none, they started where the scope was").isZero();
        assertThat(events()).isEqualTo(PARTITIONS * OFFSETS);
    }

    @Test
    void openQuarantineOfTheUndividedScopeMovesToTheGroupOwningItsPartition() throws Exception {
        Instant time = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String poison = fixture.put(fixture.v2Stem(5, OFFSETS, "0005ffff"), "rec.object-key-layout.v2", "incident",
                "0005ffff", 5, OFFSETS, time, "{\"__event_id\": poison");
        IndexerRuntime undivided = runtime("single", 1);
        IndexerWorker worker = undivided.worker().orElseThrow();
        while (!worker.runOnce().empty()) {
            // catch up: the poison artifact is quarantined under the undivided scope
        }
        worker.close();
        assertThat(undivided.quarantine().list(scope, false)).extracting(q -> q.ingestScopeId() + " " + q.manifestKey())
                .containsExactly(scope + " " + poison);
        undivided.close();
        runtimes.remove(undivided);

        IndexerRuntime split = runtime("split", 4);
        split.groups().orElseThrow().withEachGroup(groupWorker -> groupWorker.runOnce());
        String owner = null;
        for (int index = 0; index < 4; index++) {
            PartitionGroup group = new PartitionGroup(index, 4);
            if (group.owns("tenant=" + fixture.tenant() + "/instance=" + fixture.instance() + "/topic=rez.cdc"
                    + "/partition=5")) {
                owner = group.scopeIdOf(scope);
            }
        }
        assertThat(split.quarantine().list(scope, false)).as("open quarantine of the scope and its groups")
                .singleElement().satisfies(row -> {
                    assertThat(row.manifestKey()).isEqualTo(poison);
                    assertThat(row.attempts()).as("retried by its new owner").isEqualTo(2);
                });
        assertThat(split.quarantine().list(owner, false)).as("held by the group owning partition 5").hasSize(1);
    }

    // --- database helpers ---------------------------------------------------------------------------------------

    private List<String> liveHolders() throws SQLException {
        List<String> holders = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT holder_id FROM"
                     + " rez_restore_index.source_leases WHERE starts_with(ingest_scope_id, ?)"
                     + " AND lease_expires_at > clock_timestamp()")) {
            statement.setString(1, PartitionGroup.familyPrefix(scope));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    holders.add(rows.getString(1));
                }
            }
        }
        return holders;
    }

    private void expireMembership(String holder) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE rez_restore_index.indexer_members"
                     + " SET expires_at = clock_timestamp() WHERE ingest_scope_id = ? AND holder_id = ?")) {
            statement.setString(1, scope);
            statement.setString(2, holder);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private List<SourceProgress> progressRows() {
        return runtimes.getFirst().reader().progressOfFamily(scope, PartitionGroup.familyPrefix(scope)).stream()
                .filter(progress -> progress.ingestScopeId().startsWith(PartitionGroup.familyPrefix(scope))).toList();
    }

    private long progressCount() {
        return progressRows().stream().filter(progress -> progress.processedCount() > 0).count();
    }

    private long events() {
        return count("SELECT count(*) FROM rez_restore_index.index_events WHERE tenant_id = ?");
    }

    private long count(String sql) {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, fixture.tenant());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("condition met within %s", WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
