package io.rezilient.restore.indexer.store;

import io.rezilient.restore.contracts.freshness.FreshnessGate;
import io.rezilient.restore.contracts.freshness.FreshnessPolicy;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.indexer.lease.IngestScope;
import io.rezilient.restore.indexer.lease.LeaderLease;
import io.rezilient.restore.indexer.lease.LeaseGrant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.rezilient.restore.indexer.store.Events.partitionOf;
import static io.rezilient.restore.indexer.store.Events.sourceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One batch, one transaction: events, generations, watermarks, coverage and progress against a real PostgreSQL.
 * Every test works in its own tenant and ingest scope, so the tests share one database.
 */
class IndexStoreIT {
    private static TestDatabase db;
    private static IndexStore store;
    private static IndexReader reader;
    private static Rows rows;

    private String tenant;
    private IngestScope scope;
    private LeaseGrant grant;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.createMigrated("IndexStoreIT");
        store = new IndexStore(db.dataSource(), WatermarkFreshness.from(new FreshnessGate(FreshnessPolicy.DEFAULT)));
        reader = new IndexReader(db.dataSource());
        rows = new Rows(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void newScope() {
        tenant = Events.newTenant();
        scope = new IngestScope("rec_manifest_object_store:" + tenant, "s3://rez-artifacts/" + tenant);
        grant = new LeaderLease(db.dataSource(), scope, "worker-a", Duration.ofMinutes(5)).acquire().orElseThrow();
    }

    private BatchOutcome write(String cursor, IndexedEvent... events) {
        return store.write(IndexBatch.of(scope, List.of(events), cursor, 30L), grant);
    }

    private Events event() {
        return Events.in(tenant);
    }

    private PartitionWatermark watermark(int partition) {
        return reader.watermark(partitionOf(tenant, partition)).orElseThrow();
    }

    // ---- first write ---------------------------------------------------------------------------------------------

    @Test
    void aFirstBatchIndexesItsEventsAndSetsWatermarkCoverageAndProgress() {
        BatchOutcome outcome = write("cursor-1", event().offset(1).at("2026-02-16T12:00:00Z").build(),
                event().offset(2).at("2026-02-16T12:01:00Z").build());

        assertThat(outcome.statuses()).containsExactly(WriteStatus.INSERTED, WriteStatus.INSERTED);
        assertThat(outcome.watermarksChanged()).containsExactly(partitionOf(tenant, 0));
        assertThat(rows.count("index_events", tenant)).isEqualTo(2);
        PartitionWatermark watermark = watermark(0);
        assertThat(watermark.generationId()).isEqualTo("gen-01");
        assertThat(watermark.generationEpoch()).isEqualTo(1);
        assertThat(watermark.indexedThroughOffset()).isEqualTo("2");
        assertThat(watermark.indexedThroughTime()).isEqualTo("2026-02-16T12:01:00Z");
        assertThat(watermark.coverageStart()).isEqualTo("2026-02-16T12:00:00Z");
        assertThat(watermark.coverageEnd()).isEqualTo("2026-02-16T12:01:00Z");
        SourceCoverage coverage = reader.coverage(sourceOf(tenant)).orElseThrow();
        assertThat(coverage.earliestIndexedTime()).isEqualTo("2026-02-16T12:00:00Z");
        assertThat(coverage.latestIndexedTime()).isEqualTo("2026-02-16T12:01:00Z");
        assertThat(coverage.generationSpan()).isEqualTo(Map.of("rez.cdc:0", "gen-01"));
        SourceProgress progress = reader.progress(scope).orElseThrow();
        assertThat(progress.cursor()).isEqualTo("cursor-1");
        assertThat(progress.lastBatchSize()).isEqualTo(2);
        assertThat(progress.processedCount()).isEqualTo(2);
        assertThat(progress.lastIndexedOffset()).isEqualTo("2");
        assertThat(progress.lastIndexedEventTime()).isEqualTo("2026-02-16T12:01:00Z");
        assertThat(progress.lastLagSeconds()).isEqualTo(30L);
        assertThat(progress.fencingEpoch()).isEqualTo(grant.fencingEpoch());
        assertThat(List.of(progress.lastObservedTenantId(), progress.lastObservedInstanceId(),
                progress.lastObservedSource())).containsExactly(tenant, Events.INSTANCE, Events.SOURCE);
    }

    @Test
    void anEmptyBatchRecordsProgressOnlyAndKeepsThePreviousMaxima() {
        write("cursor-1", event().offset(7).build());

        BatchOutcome outcome = store.write(IndexBatch.of(scope, List.of(), "cursor-2", null), grant);

        assertThat(outcome.statuses()).isEmpty();
        SourceProgress progress = reader.progress(scope).orElseThrow();
        assertThat(progress.cursor()).isEqualTo("cursor-2");
        assertThat(progress.lastBatchSize()).isZero();
        assertThat(progress.lastLagSeconds()).isNull();
        assertThat(progress.lastIndexedOffset()).isEqualTo("7");
        assertThat(progress.processedCount()).isEqualTo(1);
        assertThat(progress.lastObservedTenantId()).isEqualTo(tenant);
    }

    // ---- idempotency --------------------------------------------------------------------------------------------

    @Test
    void aRedeliveredBatchInsertsNothingAndChangesNothing() {
        IndexedEvent[] batch = {event().offset(1).build(), event().partition(1).offset(4).build(),
                event().offset(2).at("2026-02-16T12:03:00Z").build()};
        write("cursor-1", batch);
        Map<String, List<Map<String, Object>>> before = rows.snapshot(tenant, scope.id());

        BatchOutcome again = write("cursor-1", batch);

        assertThat(again.statuses()).containsOnly(WriteStatus.EXISTING);
        assertThat(again.watermarksChanged()).isEmpty();
        assertThat(rows.snapshot(tenant, scope.id())).isEqualTo(before);
    }

    @Test
    void anEventRepeatedWithinOneBatchIsInsertedOnceThenExisting() {
        IndexedEvent event = event().offset(3).build();

        BatchOutcome outcome = write("cursor-1", event, event);

        assertThat(outcome.statuses()).containsExactly(WriteStatus.INSERTED, WriteStatus.EXISTING);
        assertThat(rows.count("index_events", tenant)).isEqualTo(1);
        assertThat(reader.progress(scope).orElseThrow().processedCount()).isEqualTo(1);
    }

    @Test
    void textThatDelimitsCopyRowsAndColumnsIsStoredExactly() {
        String tricky = "evt\\back\tslash\nnew\rline \\N";
        BatchOutcome outcome = write("cursor-1", event().offset(5).eventId(tricky).sha256(null).build(),
                event().offset(6).eventId("plain").build());

        assertThat(outcome.statuses()).containsExactly(WriteStatus.INSERTED, WriteStatus.INSERTED);
        assertThat(rows.rows("SELECT event_id, sha256_plain FROM " + Rows.SCHEMA + "index_events WHERE tenant_id = ?"
                + " ORDER BY kafka_offset", tenant)).extracting(row -> row.get("event_id"))
                .containsExactly(tricky, "plain");
        assertThat(rows.rows("SELECT sha256_plain FROM " + Rows.SCHEMA + "index_events WHERE tenant_id = ?"
                + " AND kafka_offset = 5", tenant)).singleElement()
                .satisfies(row -> assertThat(row.get("sha256_plain")).as("NULL stays NULL").isNull());
    }

    // ---- watermark invariants -----------------------------------------------------------------------------------

    @Test
    void withinAGenerationTheWatermarkIsTheContiguousRangeWhateverTheOrderOfTheBatch() {
        write("c1", event().offset(10).at("2026-02-16T12:00:00Z").build());

        write("c2", event().offset(15).at("2026-02-16T12:10:00Z").build(),
                event().offset(12).at("2026-02-16T11:50:00Z").build(),
                event().offset(11).at("2026-02-16T12:05:00Z").build());

        PartitionWatermark watermark = watermark(0);
        assertThat(watermark.indexedFromOffset()).isEqualTo("10");
        assertThat(watermark.indexedThroughOffset()).isEqualTo("12"); // 13 and 14 are missing
        assertThat(watermark.indexedThroughTime()).isEqualTo("2026-02-16T12:05:00Z");
        assertThat(watermark.coverageStart()).isEqualTo("2026-02-16T11:50:00Z");
        assertThat(watermark.coverageEnd()).isEqualTo("2026-02-16T12:05:00Z");
        assertThat(watermark.highestIndexedOffset()).isEqualTo("15");
        assertThat(watermark.highestIndexedTime()).isEqualTo("2026-02-16T12:10:00Z");
        assertThat(watermark.frontierStalledSince()).isNotNull();
        assertThat(reader.generations(partitionOf(tenant, 0)).getFirst().maxIndexedOffset()).isEqualTo("15");

        write("c3", event().offset(14).at("2026-02-16T12:08:00Z").build(),
                event().offset(13).at("2026-02-16T12:07:00Z").build());

        PartitionWatermark closed = watermark(0);
        assertThat(closed.indexedThroughOffset()).isEqualTo("15");
        assertThat(closed.indexedThroughTime()).isEqualTo("2026-02-16T12:10:00Z");
        assertThat(closed.frontierStalledSince()).isNull();
    }

    @Test
    void anEventBelowTheRangeIsIndexedAndAcrossAHoleLowersTheFrontierToWhatIsKnownComplete() {
        write("c1", event().offset(10).at("2026-02-16T12:10:00Z").build());

        BatchOutcome outcome = write("c2", event().partition(1).generation("gen-new-elsewhere").offset(1).build(),
                event().offset(12).at("2026-02-16T12:12:00Z").build(),
                event().offset(5).eventId("evt-late").at("2026-02-16T12:05:00Z").build());

        assertThat(outcome.statuses()).containsOnly(WriteStatus.INSERTED).hasSize(3);
        assertThat(rows.count("index_events", tenant)).isEqualTo(4);
        PartitionWatermark lowered = watermark(0);
        assertThat(lowered.indexedFromOffset()).isEqualTo("5");
        assertThat(lowered.indexedThroughOffset()).isEqualTo("5"); // 6–9 are missing: only offset 5 is complete
        assertThat(lowered.indexedThroughTime()).isEqualTo("2026-02-16T12:05:00Z");
        assertThat(lowered.highestIndexedOffset()).isEqualTo("12");
        assertThat(lowered.frontierStalledSince()).isNotNull();

        write("c3", event().offset(6).build(), event().offset(7).build(), event().offset(8).build(),
                event().offset(9).build(), event().offset(11).build());

        PartitionWatermark complete = watermark(0);
        assertThat(complete.indexedFromOffset()).isEqualTo("5");
        assertThat(complete.indexedThroughOffset()).isEqualTo("12");
        assertThat(complete.indexedThroughTime()).isEqualTo("2026-02-16T12:12:00Z");
        assertThat(complete.frontierStalledSince()).isNull();
    }

    @Test
    void aHoleThatNeverFillsStaysOpenAndHoldsTheFrontier() {
        List<Integer> offsets = new java.util.ArrayList<>();
        for (int offset = 0; offset < 600; offset++) {
            offsets.add(offset);
        }
        java.util.Collections.shuffle(offsets, new java.util.Random(12));
        Instant base = Instant.parse("2026-02-16T10:00:00Z");
        for (int from = 0, batch = 0; from < offsets.size(); from += 37, batch++) {
            List<IndexedEvent> events = offsets.subList(from, Math.min(offsets.size(), from + 37)).stream()
                    .map(offset -> event().partition(offset % 3).offset(offset)
                            .at(base.plusSeconds(offset).toString()).build())
                    .toList();
            write("c" + batch, events.toArray(IndexedEvent[]::new));
        }

        assertThat(rows.count("index_events", tenant)).isEqualTo(600);
        for (int partition = 0; partition < 3; partition++) {
            // partition p holds the offsets ≡ p (mod 3): its own offsets are not consecutive, so it keeps a hole
            PartitionWatermark watermark = watermark(partition);
            assertThat(watermark.indexedFromOffset()).isEqualTo(String.valueOf(partition));
            assertThat(watermark.indexedThroughOffset()).isEqualTo(String.valueOf(partition));
            assertThat(watermark.highestIndexedOffset()).isEqualTo(String.valueOf(597 + partition));
            assertThat(watermark.frontierStalledSince()).isNotNull();
        }
    }

    @Test
    void aPartitionFedInAnyOrderEndsCompleteThroughItsHighestOffset() {
        List<Integer> offsets = new java.util.ArrayList<>();
        for (int offset = 0; offset < 600; offset++) {
            offsets.add(offset);
        }
        java.util.Collections.shuffle(offsets, new java.util.Random(7));
        Instant base = Instant.parse("2026-02-16T10:00:00Z");
        for (int from = 0, batch = 0; from < offsets.size(); from += 37, batch++) {
            List<IndexedEvent> events = offsets.subList(from, Math.min(offsets.size(), from + 37)).stream()
                    .map(offset -> event().offset(offset).at(base.plusSeconds(offset).toString()).build())
                    .toList();
            write("c" + batch, events.toArray(IndexedEvent[]::new));
            PartitionWatermark watermark = watermark(0);
            assertThat(new BigInteger(watermark.indexedThroughOffset()))
                    .isLessThanOrEqualTo(new BigInteger(watermark.highestIndexedOffset()));
        }

        assertThat(rows.count("index_events", tenant)).isEqualTo(600);
        PartitionWatermark watermark = watermark(0);
        assertThat(watermark.indexedFromOffset()).isEqualTo("0");
        assertThat(watermark.indexedThroughOffset()).isEqualTo("599");
        assertThat(watermark.indexedThroughTime()).isEqualTo(base.plusSeconds(599));
        assertThat(watermark.coverageStart()).isEqualTo(base);
        assertThat(watermark.frontierStalledSince()).isNull();
    }

    @Test
    void anEqualOffsetInTheSameGenerationIsAllowed() {
        write("c1", event().offset(10).eventId("evt-a").build());

        BatchOutcome outcome = write("c2", event().offset(10).eventId("evt-b").build());

        assertThat(outcome.statuses()).containsExactly(WriteStatus.INSERTED);
        assertThat(watermark(0).indexedThroughOffset()).isEqualTo("10");
    }

    @Test
    void aLowerOffsetThatIsAlreadyIndexedIsExistingAndChangesNothing() {
        IndexedEvent low = event().offset(5).build();
        write("c1", low, event().offset(10).build());
        PartitionWatermark before = watermark(0);

        BatchOutcome outcome = write("c2", low);

        assertThat(outcome.statuses()).containsExactly(WriteStatus.EXISTING);
        assertThat(outcome.watermarksChanged()).isEmpty();
        assertThat(watermark(0)).isEqualTo(before);
        assertThat(before.indexedThroughOffset()).isEqualTo("5");
        assertThat(before.highestIndexedOffset()).isEqualTo("10");
    }

    @Test
    void aNewerGenerationStartsANewWatermarkAndEndsTheOlderOne() {
        write("c1", event().generation("gen-a").offset(15).at("2026-02-16T12:00:00Z").build());

        write("c2", event().generation("gen-b").offset(3).at("2026-02-16T12:05:00Z").build());

        PartitionWatermark watermark = watermark(0);
        assertThat(watermark.generationId()).isEqualTo("gen-b");
        assertThat(watermark.generationEpoch()).isEqualTo(2);
        assertThat(watermark.indexedThroughOffset()).isEqualTo("3");
        assertThat(watermark.coverageStart()).isEqualTo("2026-02-16T12:05:00Z");
        assertThat(watermark.coverageEnd()).isEqualTo("2026-02-16T12:05:00Z");
        assertThat(reader.coverage(sourceOf(tenant)).orElseThrow().generationSpan())
                .isEqualTo(Map.of("rez.cdc:0", "gen-b"));
        List<PartitionGeneration> generations = reader.generations(partitionOf(tenant, 0));
        assertThat(generations).extracting(PartitionGeneration::generationId).containsExactly("gen-a", "gen-b");
        assertThat(generations.get(0).endedAt()).isEqualTo("2026-02-16T12:00:00Z");
        assertThat(generations.get(1).endedAt()).isNull();
    }

    @Test
    void aStragglerOfAnOlderGenerationIsIndexedButNeverMovesTheWatermark() {
        write("c1", event().generation("gen-a").offset(10).at("2026-02-16T12:00:00Z").build());
        write("c2", event().generation("gen-b").offset(3).at("2026-02-16T12:05:00Z").build());
        PartitionWatermark before = watermark(0);

        BatchOutcome outcome = write("c3", event().generation("gen-a").offset(20).at("2026-02-16T12:30:00Z").build());

        assertThat(outcome.statuses()).containsExactly(WriteStatus.INSERTED);
        assertThat(outcome.watermarksChanged()).isEmpty();
        assertThat(watermark(0)).isEqualTo(before);
        PartitionGeneration genA = reader.generations(partitionOf(tenant, 0)).getFirst();
        assertThat(genA.maxIndexedOffset()).isEqualTo("20");
        assertThat(genA.endedAt()).as("a straggler does not reopen its generation").isNotNull();
    }

    @Test
    void generationEpochsFollowFirstSightInTheSourceNotInThePartition() {
        write("c1", event().partition(0).generation("gen-1").offset(10).build());
        write("c2", event().partition(0).generation("gen-2").offset(1).build());
        // partition 1 meets gen-2 first, and only later a straggler of gen-1
        write("c3", event().partition(1).generation("gen-2").offset(5).build());

        write("c4", event().partition(1).generation("gen-1").offset(50).build());

        assertThat(reader.generations(partitionOf(tenant, 1)))
                .extracting(PartitionGeneration::generationId, PartitionGeneration::generationEpoch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gen-1", 1L),
                        org.assertj.core.groups.Tuple.tuple("gen-2", 2L));
        PartitionWatermark watermark = watermark(1);
        assertThat(watermark.generationId()).isEqualTo("gen-2");
        assertThat(watermark.indexedThroughOffset()).isEqualTo("5");
    }

    @Test
    void newGenerationsOfOneBatchGetEpochsInBatchOrder() {
        write("c1", event().generation("gen-x").offset(9).build(), event().generation("gen-y").offset(2).build());

        assertThat(reader.generations(partitionOf(tenant, 0)))
                .extracting(PartitionGeneration::generationId).containsExactly("gen-x", "gen-y");
        assertThat(watermark(0).generationId()).isEqualTo("gen-y");
        assertThat(watermark(0).indexedThroughOffset()).isEqualTo("2");
    }

    @Test
    void offsetsBeyondTwoToThe63AreStoredAndComparedExactly() {
        BigInteger huge = BigInteger.TWO.pow(64).add(BigInteger.valueOf(5)); // 18446744073709551621
        write("c1", event().offset(huge.toString()).build());

        write("c2", event().offset(huge.add(BigInteger.ONE).toString()).build());

        assertThat(watermark(0).indexedThroughOffset()).isEqualTo("18446744073709551622");
        assertThat(reader.progress(scope).orElseThrow().lastIndexedOffset()).isEqualTo("18446744073709551622");
        assertThat(rows.rows("SELECT kafka_offset::text AS o FROM rez_restore_index.index_events WHERE tenant_id = ?"
                + " ORDER BY kafka_offset", tenant)).extracting(row -> row.get("o"))
                .containsExactly("18446744073709551621", "18446744073709551622");
        write("c3", event().offset(huge.subtract(BigInteger.ONE).toString()).eventId("evt-one-below").build());
        assertThat(watermark(0).indexedFromOffset()).isEqualTo("18446744073709551620");
        assertThat(watermark(0).indexedThroughOffset()).isEqualTo("18446744073709551622");
    }

    // ---- coverage -----------------------------------------------------------------------------------------------

    @Test
    void coverageIsRecomputedOverAllPartitionsOfTheSource() {
        write("c1", event().partition(0).generation("gen-a").at("2026-02-16T09:00:00Z").offset(1).build(),
                event().partition(0).generation("gen-a").at("2026-02-16T12:00:00Z").offset(2).build());
        assertThat(reader.coverage(sourceOf(tenant)).orElseThrow().earliestIndexedTime())
                .isEqualTo("2026-02-16T09:00:00Z");

        write("c2", event().partition(1).generation("gen-a").at("2026-02-16T08:00:00Z").offset(1).build());

        SourceCoverage coverage = reader.coverage(sourceOf(tenant)).orElseThrow();
        assertThat(coverage.earliestIndexedTime()).isEqualTo("2026-02-16T08:00:00Z");
        assertThat(coverage.latestIndexedTime()).isEqualTo("2026-02-16T12:00:00Z");
        assertThat(coverage.generationSpan()).isEqualTo(Map.of("rez.cdc:0", "gen-a", "rez.cdc:1", "gen-a"));
    }

    @Test
    void sourcesSharingATopicAndPartitionKeepTheirOwnWatermarksAndCoverage() {
        write("c1", event().source("sn://one").offset(100).build(), event().source("sn://two").offset(3).build());

        assertThat(reader.watermark(new PartitionKey(tenant, Events.INSTANCE, "sn://one", Events.TOPIC, 0))
                .orElseThrow().indexedThroughOffset()).isEqualTo("100");
        assertThat(reader.watermark(new PartitionKey(tenant, Events.INSTANCE, "sn://two", Events.TOPIC, 0))
                .orElseThrow().indexedThroughOffset()).isEqualTo("3");
        assertThat(reader.coverage(new SourceKey(tenant, Events.INSTANCE, "sn://two"))).isPresent();
        assertThat(reader.watermarks(new SourceKey(tenant, Events.INSTANCE, "sn://one"))).hasSize(1);
    }

    // ---- progress -----------------------------------------------------------------------------------------------

    @Test
    void progressCountsEachNewEventOnceAndKeepsTheMaxima() {
        write("c1", event().offset(50).at("2026-02-16T12:10:00Z").build(), event().offset(40).build());

        IndexedEvent existing = event().offset(50).at("2026-02-16T12:10:00Z").build();
        store.write(new IndexBatch(scope, List.of(existing, event().partition(2).offset(20)
                .at("2026-02-16T12:05:00Z").build()), "c2", 7L, 3), grant);

        SourceProgress progress = reader.progress(scope).orElseThrow();
        assertThat(progress.processedCount()).isEqualTo(3);
        assertThat(progress.cursor()).isEqualTo("c2");
        assertThat(progress.lastBatchSize()).as("items read, including one set aside").isEqualTo(3);
        assertThat(progress.lastLagSeconds()).isEqualTo(7L);
        assertThat(progress.lastIndexedOffset()).isEqualTo("50");
        assertThat(progress.lastIndexedEventTime()).isEqualTo("2026-02-16T12:10:00Z");
    }

    @Test
    void theSourceUriOfAScopeIsFixedForReadsAndWrites() {
        write("c1", event().build());
        IngestScope other = new IngestScope(scope.id(), "s3://another-bucket");

        assertThatThrownBy(() -> reader.progress(other)).isInstanceOf(IndexStoreException.class)
                .hasMessageContaining("ingest_scope_id/source_uri conflict");
    }

    // ---- one transaction ----------------------------------------------------------------------------------------

    @Test
    void aFailureAtTheEndOfTheTransactionLeavesNothingOfTheBatch() {
        // the progress row binds the scope to its URI; the conflict surfaces in the batch's last statement,
        // after events, generations, watermarks and coverage were written in the same transaction
        write("c1", event().offset(1).build());
        Map<String, List<Map<String, Object>>> before = rows.snapshot(tenant, scope.id());
        IngestScope conflicting = new IngestScope(scope.id(), "s3://another-bucket");

        assertThatThrownBy(() -> store.write(IndexBatch.of(conflicting, List.of(
                event().partition(3).generation("gen-02").offset(9).build(), event().offset(2).build()), "c2", 0L), grant))
                .isInstanceOf(IndexStoreException.class).hasMessageContaining("ingest_scope_id/source_uri conflict");

        assertThat(rows.snapshot(tenant, scope.id())).isEqualTo(before);
    }

    @Test
    void aFailureInTheMiddleOfTheBatchLeavesNothingOfIt() {
        assertThatThrownBy(() -> write("c1", event().offset(1).build(), event().offset(2).build(),
                event().offset(3).sha256("NOT-A-SHA").build()))
                .isInstanceOf(IndexStoreException.class).hasMessageContaining("sha256_plain_hex");

        assertThat(rows.count("index_events", tenant)).isZero();
        assertThat(rows.count("partition_generations", tenant)).as("generations registered first").isZero();
        assertThat(rows.count("partition_watermarks", tenant)).isZero();
        assertThat(reader.progress(scope)).isEmpty();
    }

    @Test
    void watermarkFreshnessIsStampedAtTheWriteTime() {
        Instant recent = Instant.now().minusSeconds(5);
        write("c1", Events.in(tenant).offset(1).at(recent.toString()).build(),
                Events.in(tenant).partition(1).offset(1).at("2020-01-01T00:00:00Z").build());

        assertThat(watermark(0).freshness().wire()).isEqualTo("fresh");
        assertThat(watermark(0).executability().wire()).isEqualTo("executable");
        assertThat(watermark(1).freshness().wire()).isEqualTo("stale");
        assertThat(watermark(1).reasonCode().wire()).isEqualTo("blocked_freshness_stale");
    }
}
