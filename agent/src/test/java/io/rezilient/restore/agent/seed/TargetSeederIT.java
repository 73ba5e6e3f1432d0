package io.rezilient.restore.agent.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.simulate.ProgressListener;
import io.rezilient.restore.capture.simulate.SimulationOptions;
import io.rezilient.restore.capture.simulate.WorkloadSimulator;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.GroundTruthFile;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seeds targets from a real simulated workload and checks them against the workload's own ground truth. */
class TargetSeederIT {
    private static final String TENANT = "tenant-acme";
    @TempDir
    static Path dir;
    private static TestDatabase database;
    private static GroundTruth truth;
    private static Path truthFile;
    private static KeyringFile keyring;

    @BeforeAll
    static void simulateAWorkload() {
        database = TestDatabases.create("TargetSeederIT");
        keyring = new KeyringFile(dir.resolve("keyring.json"));
        keyring.generate(TENANT, new SecureRandom(), Instant.parse("2026-01-01T00:00:00Z"));
        truthFile = dir.resolve("truth.jsonl");
        SimulationOptions options = SimulationOptions.builder().tenant(TENANT).records(80).events(400).days(3)
                .seed(11).partitions(2).writerThreads(2).blobChunkSize(2048).build();
        try (GroundTruthFile sink = new GroundTruthFile(truthFile)) {
            WorkloadSimulator.run(options, new FileSystemObjectStore(dir.resolve("store"), false), keyring.load(),
                    sink, ProgressListener.NONE);
        }
        truth = GroundTruth.load(truthFile);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static TargetSeeder seeder(String schema) {
        return new TargetSeeder(database.dataSource(), schema);
    }

    @Test
    void aTargetSeededAtATimeHoldsExactlyTheRecordsOfThatTime() {
        Instant middle = truth.header().start().plus(Duration.between(truth.header().start(), truth.header().end())
                .dividedBy(2));

        SeedResult result = seeder("mid").seed(new SeedRequest(truthFile, keyring, Optional.of(middle), false));

        assertThat(result.at()).isEqualTo(middle);
        assertTablesMatchTheTruth("mid", result);
    }

    @Test
    void withoutATimeTheTargetHoldsTheLatestState() {
        SeedResult result = seeder("latest").seed(new SeedRequest(truthFile, keyring, Optional.empty(), false));

        Instant lastEvent = truth.records().get(truth.records().size() - 1).eventTime();
        assertThat(result.at()).isAfterOrEqualTo(lastEvent);
        assertTablesMatchTheTruth("latest", result);
        assertThat(result.rowsByTable()).isEqualTo(counts(result.at()));
    }

    private static Map<String, Integer> counts(Instant at) {
        Map<String, Integer> counts = new TreeMap<>();
        truth.header().tables().forEach(table -> counts.put(table, truth.tableAt(table, at).size()));
        return counts;
    }

    private static void assertTablesMatchTheTruth(String schema, SeedResult result) {
        assertThat(result.rowsByTable()).containsOnlyKeys(truth.header().tables());
        assertThat(result.totalRows()).isPositive();
        for (String table : truth.header().tables()) {
            Map<String, ObjectNode> expected = truth.tableAt(table, result.at());
            Map<String, ObjectNode> actual = rows(schema, table);
            assertThat(result.rowsByTable().get(table)).as("rows of %s", table).isEqualTo(expected.size());
            assertThat(actual.keySet()).as("records of %s", table).isEqualTo(expected.keySet());
            for (Map.Entry<String, ObjectNode> record : expected.entrySet()) {
                assertThat(actual.get(record.getKey())).as("%s/%s", table, record.getKey())
                        .isEqualTo(asColumns(record.getValue(), actual.get(record.getKey())));
            }
        }
    }

    /** The truth's record as the table's columns show it: every field a string, fields it lacks NULL. */
    private static ObjectNode asColumns(ObjectNode record, ObjectNode columns) {
        ObjectNode expected = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> names = columns.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = record.get(name);
            if (value == null || value.isNull()) {
                expected.putNull(name);
            } else {
                expected.put(name, value.asText());
            }
        }
        assertThat(record.properties()).allSatisfy(field -> assertThat(columns.has(field.getKey()))
                .as("column for field %s", field.getKey()).isTrue());
        return expected;
    }

    private static Map<String, ObjectNode> rows(String schema, String table) {
        Map<String, ObjectNode> rows = new TreeMap<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT * FROM " + schema + "." + table)) {
            ResultSetMetaData meta = row.getMetaData();
            while (row.next()) {
                ObjectNode record = JsonNodeFactory.instance.objectNode();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    record.put(meta.getColumnName(i), row.getString(i));
                }
                rows.put(row.getString("sys_id"), record);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void existingTablesAreRefusedUnlessReplaced() {
        seeder("again").seed(new SeedRequest(truthFile, keyring, Optional.empty(), false));
        Instant earlier = truth.header().start().plus(Duration.between(truth.header().start(),
                truth.header().end()).dividedBy(4));

        assertThatThrownBy(() -> seeder("again").seed(new SeedRequest(truthFile, keyring, Optional.of(earlier), false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("again.incident")
                .hasMessageContaining("replace");
        SeedResult replaced = seeder("again").seed(new SeedRequest(truthFile, keyring, Optional.of(earlier), true));

        assertThat(replaced.rowsByTable()).isEqualTo(counts(earlier));
        assertTablesMatchTheTruth("again", replaced);
    }

    @Test
    void aKeyringWithoutTheTenantIsRefusedBeforeAnythingIsCreated() {
        KeyringFile other = new KeyringFile(dir.resolve("other-keyring.json"));
        other.generate("tenant-globex", new SecureRandom(), Instant.parse("2026-01-01T00:00:00Z"));

        assertThatThrownBy(() -> seeder("nokey").seed(new SeedRequest(truthFile, other, Optional.empty(), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyring " + other.path())
                .hasMessageContaining("no key for tenant " + TENANT);
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'nokey'")) {
            row.next();
            assertThat(row.getLong(1)).isZero();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
