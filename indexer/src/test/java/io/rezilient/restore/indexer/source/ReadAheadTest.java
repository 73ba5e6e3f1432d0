package io.rezilient.restore.indexer.source;

import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.objectstore.fs.FileSystemObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A source that reads ahead ({@link ReadAhead}) behaves exactly as one that reads each batch when asked. */
class ReadAheadTest {
    private static final String PREFIX = "rez/restore-artifacts";
    private static final Instant T0 = Instant.parse("2026-03-04T17:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
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

    private record Seen(List<String> keys, SourceCursorState next) {
    }

    @Test
    void v2BatchesAndCursorsEqualThoseOfAPlainSource() {
        for (int offset = 0; offset < 23; offset++) {
            fixture.putV2("t" + offset % 3, "a" + offset, offset % 3, offset, T0.plusSeconds(offset));
        }
        SourceSettings settings = SourceSettings.of(PREFIX, CursorMode.V2_PRIMARY);
        assertSameBatches(settings, 4);
    }

    @Test
    void mixedBatchesCursorsAndReplayEqualThoseOfAPlainSource() {
        // v1 keys sort by table and event id, not by offset, and replay re-lists below the scan cursor every poll
        for (int i = 0; i < 17; i++) {
            fixture.putV1("t" + i % 2, "%02x".formatted(37 * i % 256), i % 2, i, T0.plusSeconds(i));
        }
        SourceSettings settings = SourceSettings.of("/" + PREFIX + "/", CursorMode.MIXED).withReplay(REPLAY_EVERY_POLL);
        assertSameBatches(settings, 3);
    }

    private void assertSameBatches(SourceSettings settings, int limit) {
        List<Seen> plain = drain(new ManifestSource(store, settings), limit);
        List<Seen> ahead;
        try (ManifestSource reading = new ManifestSource(store, settings, CLOCK)) {
            ahead = drain(reading, limit);
        }
        assertThat(plain).hasSizeGreaterThan(3);
        assertThat(ahead).isEqualTo(plain);
    }

    private static List<Seen> drain(ManifestSource source, int limit) {
        List<Seen> batches = new ArrayList<>();
        SourceCursorState cursor = SourceCursors.read(null, ReplaySettings.DEFAULT);
        for (int cycle = 0; cycle < 50; cycle++) {
            SourceBatch batch = source.readBatch(cursor, limit, T0);
            batches.add(new Seen(batch.items().stream().map(SourceItem::manifestKey).toList(), batch.nextCursor()));
            cursor = batch.nextCursor();
            if (batch.counters().fastPathSelected() == 0) {
                break;
            }
        }
        return batches;
    }

    @Test
    void theTwoBatchesAfterAFullOneAreReadBeforeTheWorkerAsksAndNoMore() throws Exception {
        List<String> manifests = new ArrayList<>();
        for (int offset = 0; offset < 12; offset++) {
            manifests.add(fixture.putV2("t", "b" + offset, 0, offset, T0));
        }
        Set<String> nextTwoBatches = Set.copyOf(manifests.subList(3, 9));
        CountDownLatch readAhead = new CountDownLatch(nextTwoBatches.size());
        CountingStore watched = new CountingStore(store);
        watched.onRead = key -> {
            if (nextTwoBatches.contains(key)) {
                readAhead.countDown();
            }
        };
        try (ManifestSource source = new ManifestSource(watched, SourceSettings.of(PREFIX, CursorMode.V2_PRIMARY),
                CLOCK)) {
            SourceBatch first = source.readBatch(SourceCursors.read(null, ReplaySettings.DEFAULT), 3, T0);
            assertThat(first.items()).extracting(SourceItem::manifestKey).containsExactlyElementsOf(
                    manifests.subList(0, 3));

            assertThat(readAhead.await(10, TimeUnit.SECONDS)).as("batches 2 and 3 read ahead").isTrue();
            // only ReadAhead.DEPTH batches are ever queued: nothing selected the fourth, so none of it was read
            assertThat(watched.reads).doesNotContainAnyElementsOf(manifests.subList(9, 12));

            SourceBatch second = source.readBatch(first.nextCursor(), 3, T0);
            assertThat(second.items()).extracting(SourceItem::manifestKey).containsExactlyElementsOf(
                    manifests.subList(3, 6));
            int readsBefore = watched.reads.size();
            SourceBatch third = source.readBatch(second.nextCursor(), 3, T0);
            assertThat(third.items()).extracting(SourceItem::manifestKey).containsExactlyElementsOf(
                    manifests.subList(6, 9));
            assertThat(watched.reads.subList(readsBefore, watched.reads.size()))
                    .as("the third batch was handed out from what was read ahead")
                    .doesNotContainAnyElementsOf(manifests.subList(6, 9));
        }
    }
}
