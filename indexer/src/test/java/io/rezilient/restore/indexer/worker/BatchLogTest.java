package io.rezilient.restore.indexer.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rezilient.restore.contracts.cursor.ReplayDefaults;
import io.rezilient.restore.contracts.cursor.SourceCursorState;
import io.rezilient.restore.indexer.source.SourceBatch;
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

    private static Map<String, Object> fields(ILoggingEvent event) {
        return event.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value == null
                ? "null" : pair.value));
    }

    @Test
    void carriesEverySpecFieldAndWarnsOnLegacyV1InV2PrimaryMode() {
        new BatchLog("scope-a", "v2_primary").log(batch(3, new SourceBatch.ScanCounters(3, 0, false, 1, 2, 1, 2, 0)),
                "c0", cursor, 7);

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
            log.log(batch(0, new SourceBatch.ScanCounters(0, 0, false, i + 1, 0, 0, 0, 0)), "c1", cursor, 7);
        }

        assertThat(events.list).hasSize(1);
        assertThat(fields(events.list.get(0))).containsEntry("v2_primary_mode_legacy_v1_items_present", false);
        assertThat(events.list.get(0).getKeyValuePairs()).extracting(pair -> pair.key).doesNotHaveDuplicates();
    }
}
