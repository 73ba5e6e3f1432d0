package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.ReplayState;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestSourceTest {
    private static final String PREFIX = "rez/restore-artifacts";
    private static final Instant T0 = Instant.parse("2026-03-04T17:00:00Z");
    private static final ReplaySettings REPLAY_EVERY_POLL = new ReplaySettings(true, Duration.ZERO, 2, 1000, null);

    @TempDir
    Path root;
    private CountingStore store;
    private SourceFixture fixture;

    @BeforeEach
    void setUp() {
        store = new CountingStore(new FileSystemObjectStore(root));
        fixture = new SourceFixture(store, PREFIX, "tenant-acme", "acme-prod", "sn://acme.service-now.com", "rez.cdc");
    }

    private ManifestSource source(CursorMode mode, ReplaySettings replay) {
        return new ManifestSource(store, SourceSettings.of("/" + PREFIX + "/", mode).withReplay(replay));
    }

    private static SourceCursorState fresh() {
        return SourceCursors.read(null, ReplaySettings.DEFAULT);
    }

    @Test
    void aHundredNoiseKeysBeforeTheManifestDoNotStarveThePoll() {
        for (int i = 0; i < 100; i++) {
            store.put(PREFIX + "/a-noise/noise-%03d.txt".formatted(i), "x".getBytes(StandardCharsets.UTF_8));
        }
        String manifest = fixture.putV1("x_acme_case", "0001", 0, 1, T0);

        SourceBatch batch = source(CursorMode.MIXED, ReplaySettings.DEFAULT).readBatch(fresh(), 10, T0);

        assertThat(batch.items()).extracting(SourceItem::manifestKey).containsExactly(manifest);
        assertThat(store.listStartAfters).containsExactly("null", PREFIX + "/a-noise/noise-099.txt");
        assertThat(batch.nextCursor().scanCursor()).isEqualTo(manifest);
    }

    @Test
    void itemsComeInKeyOrderAndTheCursorMovesToTheLastSelectedKey() {
        String b = fixture.putV1("t", "0b", 0, 2, T0.plusSeconds(2));
        String a = fixture.putV1("t", "0a", 0, 1, T0.plusSeconds(1));
        String c = fixture.putV1("t", "0c", 0, 3, T0.plusSeconds(3));
        // replay off: with it on, the second poll would also re-select keys below the cursor (indexer-spec §2.7)
        ManifestSource source = source(CursorMode.MIXED, new ReplaySettings(false, Duration.ofSeconds(60), 2, 1000,
                null));

        SourceBatch first = source.readBatch(fresh(), 2, T0.plusSeconds(62));
        assertThat(first.items()).extracting(SourceItem::manifestKey).containsExactly(a, b);
        assertThat(first.realtimeLagSeconds()).isEqualTo(60);
        SourceBatch second = source.readBatch(first.nextCursor(), 2, T0.plusSeconds(62));
        assertThat(second.items()).extracting(SourceItem::manifestKey).containsExactly(c);
        SourceBatch third = source.readBatch(second.nextCursor(), 2, T0.plusSeconds(62));
        assertThat(third.items()).isEmpty();
        assertThat(third.realtimeLagSeconds()).isNull();
        assertThat(third.nextCursor().scanCursor()).isEqualTo(c);
    }

    @Test
    void badItemsBecomePerItemFailuresAndNeverAbortTheBatch() {
        String good = fixture.putV1("t", "01", 0, 1, T0);
        String notJson = fixture.put(fixture.v1Stem("t", "02"), "rec.object-key-layout.v1", "t", "02", 0, 2, T0,
                "{not json");
        String missing = fixture.put(fixture.v1Stem("t", "03"), "rec.object-key-layout.v1", "t", "03", 0, 3, T0,
                null);
        String badManifest = fixture.v1Stem("t", "04") + ".manifest.json";
        store.put(badManifest, "[1,2]".getBytes(StandardCharsets.UTF_8));
        String last = fixture.putV1("t", "05", 0, 5, T0);

        SourceBatch batch = source(CursorMode.MIXED, ReplaySettings.DEFAULT).readBatch(fresh(), 10, T0);

        assertThat(batch.items()).extracting(SourceItem::manifestKey)
                .containsExactly(good, notJson, missing, badManifest, last);
        assertThat(batch.items().get(0)).isInstanceOf(SourceItem.Read.class);
        assertThat(((SourceItem.Failed) batch.items().get(1)).reason()).isEqualTo(FailureReason.ARTIFACT_REJECTED);
        assertThat(((SourceItem.Failed) batch.items().get(2)).reason()).isEqualTo(FailureReason.ARTIFACT_MISSING);
        SourceItem.Failed rejected = (SourceItem.Failed) batch.items().get(3);
        assertThat(rejected.reason()).isEqualTo(FailureReason.MANIFEST_REJECTED);
        assertThat(rejected.detail()).isEqualTo("manifest root must be an object");
        assertThat(batch.items().get(4)).isInstanceOf(SourceItem.Read.class);
        assertThat(batch.nextCursor().scanCursor()).isEqualTo(last);
    }

    @Test
    void replayFindsALateKeyBelowTheCursor() {
        fixture.putV1("t", "20", 0, 1, T0);
        String top = fixture.putV1("t", "30", 0, 2, T0);
        ManifestSource source = source(CursorMode.MIXED, REPLAY_EVERY_POLL);
        SourceBatch first = source.readBatch(fresh(), 10, T0);
        assertThat(first.nextCursor().scanCursor()).isEqualTo(top);

        String late = fixture.putV1("t", "10", 0, 3, T0);
        SourceBatch second = source.readBatch(first.nextCursor(), 10, T0.plusSeconds(1));

        assertThat(second.items()).extracting(SourceItem::manifestKey).contains(late);
        assertThat(second.counters().replayCycleRan()).isTrue();
        assertThat(second.counters().fastPathSelected()).isZero();
        assertThat(second.nextCursor().scanCursor()).isEqualTo(top);
        ReplayState replay = second.nextCursor().replay();
        assertThat(replay.lowerBound()).isEqualTo(PREFIX + "/rec.object-key-layout.v1/instance=acme-prod/app=x_acme/table=t");
        assertThat(replay.lastReplayAt()).isEqualTo("2026-03-04T17:00:01.000Z");
    }

    @Test
    void v2PrimaryListsEachPartitionFromItsNextOffset() {
        String p0a = fixture.putV2("t", "aa", 0, 0, T0);
        String p1a = fixture.putV2("t", "bb", 1, 0, T0);
        String p10a = fixture.putV2("t", "cc", 10, 0, T0);
        ManifestSource source = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT);

        SourceBatch first = source.readBatch(fresh(), 10, T0);
        assertThat(first.items()).extracting(SourceItem::manifestKey).containsExactly(p0a, p1a, p10a);
        assertThat(first.nextCursor().byShard()).containsKeys(
                "tenant=tenant-acme/instance=acme-prod/topic=rez.cdc/partition=0",
                "tenant=tenant-acme/instance=acme-prod/topic=rez.cdc/partition=10");
        assertThat(first.nextCursor().byShard()
                .get("tenant=tenant-acme/instance=acme-prod/topic=rez.cdc/partition=1").nextOffset()).isEqualTo("1");

        // a new offset in the lexically first partition is found even though later partitions were read
        String p0b = fixture.putV2("t", "ab", 0, 1, T0);
        SourceBatch second = source.readBatch(first.nextCursor(), 10, T0);
        assertThat(second.items()).extracting(SourceItem::manifestKey).containsExactly(p0b);
        assertThat(second.counters().v2ShardAdvancements()).isEqualTo(1);
        assertThat(source.readBatch(second.nextCursor(), 10, T0).items()).isEmpty();
    }

    @Test
    void v2PrimaryTakesPartitionsRoundRobin() {
        for (int offset = 0; offset < 5; offset++) {
            fixture.putV2("t", "a" + offset, 0, offset, T0);
            fixture.putV2("t", "b" + offset, 1, offset, T0);
        }
        SourceBatch batch = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT).readBatch(fresh(), 4, T0);
        List<String> keys = batch.items().stream().map(SourceItem::manifestKey).toList();
        assertThat(keys).hasSize(4);
        assertThat(keys).filteredOn(key -> key.contains("/partition=0/")).hasSize(2);
        assertThat(batch.nextCursor().byShard().values()).extracting(shard -> shard.nextOffset())
                .containsOnly("2");
    }

    @Test
    void v2PrimaryServesLaterBatchesFromWhatItAlreadyListed() {
        for (int offset = 0; offset < 6; offset++) {
            fixture.putV2("t", "a" + offset, 0, offset, T0);
        }
        ManifestSource source = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT);
        SourceBatch first = source.readBatch(fresh(), 6, T0);
        assertThat(first.items()).hasSize(6);
        // a small batch keeps its lookahead: the second and third batches list nothing
        SourceBatch small = source.readBatch(fresh(), 2, T0);
        int listsBefore = store.listStartAfters.size();
        SourceBatch second = source.readBatch(small.nextCursor(), 2, T0.plusMillis(1));
        SourceBatch third = source.readBatch(second.nextCursor(), 2, T0.plusMillis(2));
        assertThat(store.listStartAfters).hasSize(listsBefore);
        assertThat(second.items()).extracting(SourceItem::manifestKey)
                .allMatch(key -> key.contains("offset=00000000000000000002") || key.contains("offset=00000000000000000003"));
        assertThat(third.nextCursor().byShard().values()).extracting(shard -> shard.nextOffset()).containsOnly("6");

        // used up: the partition is listed again from its next offset and finds what arrived since
        String late = fixture.putV2("t", "a6", 0, 6, T0);
        SourceBatch fourth = source.readBatch(third.nextCursor(), 2, T0.plusMillis(3));
        assertThat(fourth.items()).extracting(SourceItem::manifestKey).containsExactly(late);
        assertThat(store.listStartAfters.subList(listsBefore, store.listStartAfters.size()))
                .contains(V2Keys.startAfter(V2Keys.root(PREFIX)
                        + "tenant=tenant-acme/instance=acme-prod/topic=rez.cdc/partition=0/", "6"));
    }

    @Test
    void aCaughtUpPartitionIsNotListedAgainWhileOthersFillTheBatch() {
        String quiet = V2Keys.root(PREFIX) + "tenant=tenant-acme/instance=acme-prod/topic=rez.cdc/partition=0/";
        fixture.putV2("t", "q0", 0, 0, T0);
        for (int offset = 0; offset < 12; offset++) {
            fixture.putV2("t", "b" + offset, 1, offset, T0);
        }
        ManifestSource source = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT);
        SourceBatch first = source.readBatch(fresh(), 4, T0);
        assertThat(first.items()).hasSize(4);
        String late = fixture.putV2("t", "q1", 0, 1, T0);

        // the quiet partition gave its only key and its listing reached the end: the busy one fills the batch
        int listsBefore = store.listPrefixes.size();
        SourceBatch second = source.readBatch(first.nextCursor(), 4, T0.plusMillis(500));
        assertThat(second.items()).hasSize(4).extracting(SourceItem::manifestKey).doesNotContain(late);
        assertThat(store.listPrefixes.subList(listsBefore, store.listPrefixes.size())).doesNotContain(quiet);

        // after CAUGHT_UP_RECHECK it is listed again and its new key taken
        SourceBatch third = source.readBatch(second.nextCursor(),
                4, T0.plus(V2PartitionLister.CAUGHT_UP_RECHECK));
        assertThat(third.items()).extracting(SourceItem::manifestKey).contains(late);
        assertThat(store.listPrefixes.subList(listsBefore, store.listPrefixes.size())).contains(quiet);
    }

    @Test
    void aBatchThatIsNotFullListsCaughtUpPartitionsAgainAtOnce() {
        fixture.putV2("t", "q0", 0, 0, T0);
        for (int offset = 0; offset < 5; offset++) {
            fixture.putV2("t", "b" + offset, 1, offset, T0);
        }
        ManifestSource source = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT);
        SourceBatch first = source.readBatch(fresh(), 4, T0);
        String late = fixture.putV2("t", "q1", 0, 1, T0);
        // the busy partition has 2 keys left, too few for the batch: the quiet one is listed and its new key seen
        SourceBatch second = source.readBatch(first.nextCursor(), 4, T0.plusMillis(1));
        assertThat(second.items()).extracting(SourceItem::manifestKey).hasSize(3).contains(late);
    }

    @Test
    void v2PrimaryListsAgainWhenTheCursorMovesBack() {
        for (int offset = 0; offset < 4; offset++) {
            fixture.putV2("t", "a" + offset, 0, offset, T0);
        }
        ManifestSource source = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT);
        SourceBatch first = source.readBatch(fresh(), 2, T0);
        source.readBatch(first.nextCursor(), 2, T0);
        // a new lease term reloads an older cursor: the same items come again, none skipped
        SourceBatch again = source.readBatch(fresh(), 2, T0);
        assertThat(again.items()).extracting(SourceItem::manifestKey)
                .isEqualTo(first.items().stream().map(SourceItem::manifestKey).toList());
    }

    @Test
    void v2PrimaryFindsANewPartitionWhenIdleOrAfterTheRediscoveryInterval() {
        fixture.putV2("t", "a0", 0, 0, T0);
        fixture.putV2("t", "a1", 0, 1, T0);
        fixture.putV2("t", "a2", 0, 2, T0);
        ManifestSource source = source(CursorMode.V2_PRIMARY, ReplaySettings.DEFAULT);
        SourceBatch first = source.readBatch(fresh(), 1, T0);

        String other = fixture.putV2("t", "b0", 7, 0, T0);
        // partition 0 still has work: no discovery within the interval
        SourceBatch second = source.readBatch(first.nextCursor(), 1, T0.plusSeconds(1));
        assertThat(second.items()).extracting(SourceItem::manifestKey).noneMatch(other::equals);
        // after the interval the new partition is found
        SourceBatch third = source.readBatch(second.nextCursor(), 2,
                T0.plusSeconds(1).plus(V2PartitionLister.REDISCOVERY_INTERVAL));
        assertThat(third.items()).extracting(SourceItem::manifestKey).contains(other);

        // and an idle poll (nothing left in known partitions) rediscovers at once
        String another = fixture.putV2("t", "c0", 9, 0, T0);
        SourceBatch drained = source.readBatch(third.nextCursor(), 10, T0.plusSeconds(7));
        SourceBatch idle = source.readBatch(drained.nextCursor(), 10, T0.plusSeconds(7));
        assertThat(idle.items()).isEmpty();
        String yetAnother = fixture.putV2("t", "d0", 11, 0, T0);
        SourceBatch found = source.readBatch(idle.nextCursor(), 10, T0.plusSeconds(7));
        assertThat(found.items()).extracting(SourceItem::manifestKey).contains(yetAnother);
        assertThat(drained.items()).extracting(SourceItem::manifestKey).contains(another);
    }

    @Test
    void aPrefetchingSourceGivesTheSameBatchesAsAPlainOne() {
        for (int offset = 0; offset < 7; offset++) {
            fixture.putV2("t", "a" + offset, offset % 2, offset, T0);
        }
        SourceSettings settings = SourceSettings.of(PREFIX, CursorMode.V2_PRIMARY);
        List<List<String>> plain = batches(new ManifestSource(store, settings), 3);
        try (ManifestSource prefetching = new ManifestSource(store, settings, java.time.Clock.fixed(T0,
                java.time.ZoneOffset.UTC))) {
            int readsBefore = store.reads.size();
            List<List<String>> prefetched = batches(prefetching, 3);
            assertThat(prefetched).isEqualTo(plain).hasSize(3);
            // each object read once: nothing was read twice because of the background read
            assertThat(store.reads.size() - readsBefore).isEqualTo(14);

            // a full batch starts a prefetch; asking for another position discards it and reads afresh
            assertThat(prefetching.readBatch(fresh(), 3, T0).items()).hasSize(3);
            SourceBatch other = prefetching.readBatch(fresh(), 2, T0);
            assertThat(other.items()).extracting(SourceItem::manifestKey).containsExactlyElementsOf(
                    new ManifestSource(store, settings).readBatch(fresh(), 2, T0).items().stream()
                            .map(SourceItem::manifestKey).toList());

            // a batch that is not full is never followed by a prefetch: keys written since are seen at once
            SourceBatch rest = prefetching.readBatch(fresh(), 10, T0);
            assertThat(rest.items()).hasSize(7);
            String late = fixture.putV2("t", "b7", 1, 7, T0);
            assertThat(prefetching.readBatch(rest.nextCursor(), 10, T0).items())
                    .extracting(SourceItem::manifestKey).containsExactly(late);
        }
    }

    private static List<List<String>> batches(ManifestSource source, int limit) {
        List<List<String>> batches = new java.util.ArrayList<>();
        SourceCursorState cursor = fresh();
        while (true) {
            SourceBatch batch = source.readBatch(cursor, limit, T0);
            if (batch.items().isEmpty()) {
                return batches;
            }
            batches.add(batch.items().stream().map(SourceItem::manifestKey).toList());
            cursor = batch.nextCursor();
        }
    }

    @Test
    void aMalformedCursorFailsClosedWithTheReferenceDiagnostic() {
        assertThatThrownBy(() -> SourceCursors.read("{\"v\":3,", ReplaySettings.DEFAULT))
                .isInstanceOf(SourceCursorParseException.class)
                .hasMessageStartingWith("source cursor parse failure (fail-closed): invalid source cursor state: ")
                .hasMessageContaining("; cursor_kind=json_like; cursor_preview={\"v\":3,; manual_remediation=");
        assertThatThrownBy(() -> SourceCursors.read("rez/some/key.manifest.json", ReplaySettings.DEFAULT))
                .hasMessageContaining("legacy plain-string cursors are not supported")
                .hasMessageContaining("cursor_kind=legacy_string");
        String longCursor = "{  " + "x".repeat(300);
        assertThat(((SourceCursorParseException) catchThrowable(longCursor)).cursorPreview())
                .hasSize(SourceCursors.PREVIEW_LIMIT + 3).endsWith("...").startsWith("{ x");
    }

    private static Throwable catchThrowable(String cursor) {
        try {
            SourceCursors.read(cursor, ReplaySettings.DEFAULT);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
