package io.rezilient.restore.indexer.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rezilient.restore.contracts.cursor.ReplayDefaults;
import io.rezilient.restore.contracts.cursor.ShardProgress;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.indexer.source.SourceBatch;
import io.rezilient.restore.indexer.source.SourceCursors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch log line as a JSON encoder sees it: its key-value pairs. */
class BatchLogTest {
    /** indexer-spec §5.6, verbatim. */
    private static final List<String> SPEC_FIELDS = List.of("advance_cursor", "batch_size", "cursor_after",
            "cursor_before", "existing", "failures", "fast_path_selected_key_count", "inserted",
            "realtime_lag_seconds", "replay_cycle_ran", "replay_only_hit_count", "replay_path_selected_key_count",
            "source_cursor_mode", "v2_last_reconcile_at", "v2_shard_advancements", "v2_shard_health_parse_failed",
            "v2_shards_tracked", "v2_primary_mode_legacy_v1_items_present", "v2_ready_no_v1_seen",
            "version_mix_other_count", "version_mix_v1_count", "version_mix_v2_count");

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.rezilient.restore.indexer.batch");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final SourceCursorState cursor = SourceCursorState.fresh(new ReplayDefaults(false, null));

    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO); // the test logback configuration keeps INFO quiet
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        logger.setLevel(level);
    }

    private static BatchSummary batch(int inserted, SourceBatch.ScanCounters counters) {
        return new BatchSummary(true, inserted, inserted, 0, 0, 0, "c1", 4L, counters);
    }

    /** A batch that found nothing: the cursor it persisted is the one it started from. */
    private BatchSummary idle(SourceBatch.ScanCounters counters) {
        return new BatchSummary(true, 0, 0, 0, 0, 0, SourceCursors.write(cursor), 4L, counters);
    }

    /** A cursor tracking {@code shards} partitions of rez.cdc, each at {@code nextOffset}. */
    private SourceCursorState tracking(int shards, long nextOffset) {
        java.util.SortedMap<String, ShardProgress> byShard = new java.util.TreeMap<>();
        for (int p = 0; p < shards; p++) {
            byShard.put(shard(p), progress(p, nextOffset));
        }
        return new SourceCursorState(cursor.replay(), null, byShard, null);
    }

    private static String shard(int partition) {
        return "tenant=t/instance=i/topic=rez.cdc/partition=" + partition;
    }

    private static ShardProgress progress(int partition, long nextOffset) {
        return new ShardProgress("2026-12-01T00:00:00.000Z", "rez/restore-artifacts/" + shard(partition) + "/offset="
                + (nextOffset - 1) + ".artifact.json", Long.toString(nextOffset));
    }

    /** The batch line's fields after {@code before → after}, with the partitions in {@code moved} advanced by 5. */
    private Map<String, Object> lineAfterMoving(SourceCursorState before, List<Integer> moved) {
        SourceCursorState after = before;
        for (int p : moved) {
            after = after.withShard(shard(p), progress(p, Long.parseLong(before.byShard().get(shard(p)).nextOffset()) + 5));
        }
        events.list.clear();
        new BatchLog("scope-a", "v2_primary").log(new BatchSummary(true, 5 * moved.size(), 5 * moved.size(), 0, 0, 0,
                SourceCursors.write(after), 4L, new SourceBatch.ScanCounters(5 * moved.size(), 0, false, 1,
                moved.size(), 0, 5 * moved.size(), 0)), before, after, 7);
        assertThat(events.list).hasSize(1);
        return fields(events.list.getFirst());
    }

    /** Keys and values as a JSON encoder writes them, but for the count of tracked shards (a number, not a list). */
    private static int renderedLength(Map<String, Object> fields) {
        return fields.entrySet().stream().filter(field -> !field.getKey().equals("v2_shards_tracked"))
                .mapToInt(field -> field.getKey().length() + String.valueOf(field.getValue()).length()).sum();
    }

    @Test
    void theLineDoesNotGrowWithTheShardsTheCursorTracks() {
        Map<String, Object> few = lineAfterMoving(tracking(4, 100), List.of(1, 3));
        Map<String, Object> many = lineAfterMoving(tracking(3_000, 100), List.of(1, 3));

        assertThat(renderedLength(many)).isEqualTo(renderedLength(few));
        assertThat(many.get("cursor_shards_moved")).isEqualTo(List.of(
                "tenant=t/instance=i/topic=rez.cdc/partition=1 100->105",
                "tenant=t/instance=i/topic=rez.cdc/partition=3 100->105"));
        assertThat(many).containsEntry("cursor_shards_moved_count", 2).containsEntry("advance_cursor", true)
                .containsEntry("v2_shards_tracked", 3_000);
    }

    @Test
    void theCursorsAreNamedByTheDigestOfWhatIsPersisted() {
        SourceCursorState before = tracking(3, 10);
        Map<String, Object> line = lineAfterMoving(before, List.of(0));

        SourceCursorState after = before.withShard(shard(0), progress(0, 15));
        assertThat(line.get("cursor_before")).isEqualTo("sha256:" + sha256(SourceCursors.write(before)));
        assertThat(line.get("cursor_after")).isEqualTo("sha256:" + sha256(SourceCursors.write(after)));
        assertThat(line.get("cursor_before")).isNotEqualTo(line.get("cursor_after"));
    }

    @Test
    void aBatchOverManyShardsListsTheFirstSixteenAndCountsThemAll() {
        List<Integer> moved = java.util.stream.IntStream.range(0, 20).boxed().toList();
        Map<String, Object> line = lineAfterMoving(tracking(40, 1), moved);

        assertThat(line).containsEntry("cursor_shards_moved_count", 20);
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) line.get("cursor_shards_moved");
        assertThat(listed).hasSize(CursorMoves.MAX_LISTED).allSatisfy(entry -> assertThat(entry).endsWith("1->6"))
                .doesNotHaveDuplicates();
        // shard order: "partition=0", "partition=1", "partition=10", ... as the cursor keeps them
        assertThat(listed.getFirst()).startsWith(shard(0) + " ");
        assertThat(listed.get(2)).startsWith(shard(10) + " ");
    }

    @Test
    void aShardSeenForTheFirstTimeIsListedAsNew() {
        SourceCursorState before = tracking(1, 10);
        SourceCursorState after = before.withShard(shard(7), progress(7, 3)).withScanCursor("rez/k1");
        events.list.clear();
        new BatchLog("scope-a", "mixed").log(batch(3, new SourceBatch.ScanCounters(3, 0, false, 1, 3, 0, 0, 1)),
                before, after, 7);

        Map<String, Object> line = fields(events.list.getFirst());
        assertThat(line.get("cursor_shards_moved")).isEqualTo(List.of(shard(7) + " new->3"));
        assertThat(line).containsEntry("cursor_scan_key", "rez/k1");
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        return event.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value == null
                ? "null" : pair.value));
    }

    @Test
    void carriesEverySpecFieldAndWarnsOnLegacyV1InV2PrimaryMode() {
        new BatchLog("scope-a", "v2_primary").log(batch(3, new SourceBatch.ScanCounters(3, 0, false, 1, 2, 1, 2, 0)),
                cursor.withScanCursor("k0"), cursor, 7);

        assertThat(events.list).hasSize(2);
        Map<String, Object> fields = fields(events.list.get(0));
        assertThat(events.list.get(0).getMessage()).isEqualTo("restore-indexer batch processed");
        assertThat(fields).containsKeys(SPEC_FIELDS.toArray(String[]::new))
                .containsEntry("ingest_scope_id", "scope-a").containsEntry("fencing_epoch", 7L)
                .containsEntry("inserted", 3).containsEntry("advance_cursor", true)
                .containsEntry("v2_primary_mode_legacy_v1_items_present", true)
                .containsEntry("v2_ready_no_v1_seen", false);
        ILoggingEvent warning = events.list.get(1);
        assertThat(warning.getMessage()).isEqualTo("restore-indexer v2_primary observed legacy v1 manifests");
        assertThat(fields(warning)).containsEntry("legacy_v1_count", 1).containsEntry("v2_count", 2);
    }

    @Test
    void anIdenticalIdlePayloadIsLoggedOnce() {
        BatchLog log = new BatchLog("scope-a", "mixed");
        for (int i = 0; i < 3; i++) {
            log.log(idle(new SourceBatch.ScanCounters(0, 0, false, i + 1, 0, 0, 0, 0)), cursor, cursor, 7);
        }

        assertThat(events.list).hasSize(1);
        assertThat(fields(events.list.get(0))).containsEntry("v2_primary_mode_legacy_v1_items_present", false);
        assertThat(events.list.get(0).getKeyValuePairs()).extracting(pair -> pair.key).doesNotHaveDuplicates();
    }
}
