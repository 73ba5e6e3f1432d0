package io.rezilient.restore.service.index;

import io.rezilient.restore.contracts.restore.Executability;
import io.rezilient.restore.contracts.restore.Freshness;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.db.RestoreSchemas;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresWatermarkReaderIT {
    private static final Instant NOW = Instant.parse("2026-02-16T12:10:00Z");
    private static final String SERVICE_LOGIN =
            "rez_it_watermarks_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final FreshnessVerdict FRESH_0 =
            new FreshnessVerdict(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, 0L);

    private static TestDatabase db;
    private static IndexRows rows;
    private static WatermarkReader reader;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("PostgresWatermarkReaderIT");
        rows = new IndexRows(db.dataSource());
        reader = new PostgresWatermarkReader(db.dataSource(), new FreshnessRule(120), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        db.close();
        db.dropLogin(SERVICE_LOGIN);
    }

    @Test
    void freshnessIsRecomputedFromTheIndexedThroughTimeWithAnInclusiveThreshold() throws SQLException {
        IndexScope scope = newScope();
        rows.watermark(scope, "rez.cdc", 0, "100", "2026-02-16T12:08:00Z");   // lag 120: fresh
        rows.watermark(scope, "rez.cdc", 1, "100", "2026-02-16T12:07:59Z");   // lag 121: stale
        rows.watermark(scope, "rez.cdc", 2, "100", "2026-02-16T12:00:00Z");   // stored "fresh", 10 min old: stale

        List<AuthoritativeWatermark> result = reader.forPartitions(scope,
                List.of(new PartitionRef("rez.cdc", 2), new PartitionRef("rez.cdc", 0), new PartitionRef("rez.cdc", 1)));

        assertThat(result).extracting(w -> w.partition().partition()).containsExactly(0, 1, 2);
        assertThat(result.get(0).verdict()).isEqualTo(
                new FreshnessVerdict(Freshness.FRESH, Executability.EXECUTABLE, ReasonCode.NONE, 120L));
        assertThat(result.get(1).verdict()).isEqualTo(new FreshnessVerdict(Freshness.STALE,
                Executability.PREVIEW_ONLY, ReasonCode.BLOCKED_FRESHNESS_STALE, 121L));
        assertThat(result.get(2).verdict().freshness()).isEqualTo(Freshness.STALE);
        assertThat(result.get(2).indexedThroughOffset()).isEqualTo("100");
        assertThat(result).allSatisfy(w -> {
            assertThat(w.measuredAt()).isEqualTo(NOW);
            assertThat(w.indexed()).isTrue();
            assertThat(w.generationId()).isEqualTo(IndexRows.GENERATION);
        });
    }

    @Test
    void aPartitionWithoutAWatermarkIsASyntheticUnknownOne() throws SQLException {
        IndexScope scope = newScope();
        rows.watermark(scope, "rez.cdc", 0, "7", "2026-02-16T12:10:00Z");

        List<AuthoritativeWatermark> result = reader.forPartitions(scope,
                List.of(new PartitionRef("rez.cdc", 0), new PartitionRef("rez.cdc", 4)));

        assertThat(result.get(0).verdict()).isEqualTo(FRESH_0);
        assertThat(result.get(1)).isEqualTo(new AuthoritativeWatermark(scope, new PartitionRef("rez.cdc", 4), false,
                "unknown", "0", NOW, NOW, NOW, NOW, 0, new FreshnessVerdict(Freshness.UNKNOWN,
                Executability.BLOCKED, ReasonCode.BLOCKED_FRESHNESS_UNKNOWN, null)));
    }

    @Test
    void anOpenQuarantineInThePartitionMakesItUnknownUntilResolved() throws SQLException {
        IndexScope scope = newScope();
        rows.watermark(scope, "rez.cdc", 0, "1", "2026-02-16T12:10:00Z");
        rows.watermark(scope, "rez.cdc", 1, "1", "2026-02-16T12:10:00Z");
        rows.quarantine(scope, "rez.cdc", 1, false);
        rows.quarantine(scope, "rez.cdc", 0, true);     // resolved: no longer blocks
        rows.quarantine(new IndexScope("x" + scope.tenantId(), scope.instanceId(), scope.source()), "rez.cdc", 0, false);

        List<AuthoritativeWatermark> result = reader.forSource(scope);

        assertThat(result).extracting(w -> w.partition().partition()).containsExactly(0, 1);
        assertThat(result.get(0).verdict()).isEqualTo(FRESH_0);
        assertThat(result.get(1).openQuarantine()).isEqualTo(1);
        assertThat(result.get(1).verdict()).isEqualTo(new FreshnessVerdict(Freshness.UNKNOWN, Executability.BLOCKED,
                ReasonCode.BLOCKED_FRESHNESS_UNKNOWN, 0L));
    }

    @Test
    void quarantineWithoutAPartitionBlocksTheWholeSourceAndQuarantineOnlyPartitionsAreListed() throws SQLException {
        IndexScope scope = newScope();
        rows.watermark(scope, "rez.cdc", 0, "1", "2026-02-16T12:10:00Z");
        rows.quarantine(scope, null, null, false);
        rows.quarantine(scope, "rez.cdc", 3, false);

        List<AuthoritativeWatermark> result = reader.forSource(scope);

        assertThat(result).extracting(AuthoritativeWatermark::partition)
                .containsExactly(new PartitionRef("rez.cdc", 0), new PartitionRef("rez.cdc", 3));
        assertThat(result).extracting(w -> w.verdict().reasonCode()).containsOnly(ReasonCode.BLOCKED_FRESHNESS_UNKNOWN);
        assertThat(result).extracting(AuthoritativeWatermark::openQuarantine).containsExactly(1, 2);
        assertThat(result.get(1).indexed()).isFalse();
    }

    @Test
    void readsAreScopedToTheSourceAndOffsetsStayExact() throws SQLException {
        IndexScope scope = newScope();
        rows.watermark(scope, "rez.cdc", 0, "18446744073709551615", "2026-02-16T12:10:00Z");
        rows.watermark(new IndexScope(scope.tenantId(), scope.instanceId(), "other-source"), "rez.cdc", 1, "5",
                "2026-02-16T12:10:00Z");

        assertThat(reader.forSource(scope)).singleElement().satisfies(w -> {
            assertThat(w.partition()).isEqualTo(new PartitionRef("rez.cdc", 0));
            assertThat(w.indexedThroughOffset()).isEqualTo("18446744073709551615");
        });
        assertThat(reader.forSource(new IndexScope("nobody", "i", "s"))).isEmpty();
    }

    @Test
    void theServicesReadOnlyRoleCanReadWatermarksAndQuarantine() throws SQLException {
        IndexScope scope = newScope();
        rows.watermark(scope, "rez.cdc", 0, "1", "2026-02-16T12:10:00Z");
        rows.quarantine(scope, "rez.cdc", 0, false);
        WatermarkReader service = new PostgresWatermarkReader(db.createLogin(SERVICE_LOGIN, RestoreSchemas.SERVICE_RO_ROLE),
                new FreshnessRule(120), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(service.forSource(scope)).singleElement()
                .satisfies(w -> assertThat(w.verdict().freshness()).isEqualTo(Freshness.UNKNOWN));
    }

    @Test
    void anUnreachableIndexIsReportedAsUnavailable() {
        WatermarkReader broken = new PostgresWatermarkReader(new io.rezilient.restore.db.PgUrl("127.0.0.1:1",
                "nowhere", "user=nobody&connectTimeout=1").dataSource(), new FreshnessRule(120), Clock.systemUTC());

        assertThatThrownBy(() -> broken.forSource(newScope())).isInstanceOf(RestoreIndexUnavailableException.class);
    }

    private static IndexScope newScope() {
        return new IndexScope("tenant-" + UUID.randomUUID(), "instance-1", "sn://acme");
    }
}
