package io.rezilient.restore.contracts.cursor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SourceCursorWriterTest {
    private static final ReplayDefaults DEFAULTS = new ReplayDefaults(true, "rez/restore/2026-02-01");

    @Test
    void writesTheFixedShapeTheReferencePersists() {
        assertThat(SourceCursorWriter.serialize(SourceCursorState.fresh(DEFAULTS))).isEqualTo(
                "{\"legacy\":{\"replay\":{\"enabled\":true,\"last_replay_at\":null,"
                        + "\"lower_bound\":\"rez/restore/2026-02-01\"},\"scan_cursor\":null},"
                        + "\"v2\":{\"by_shard\":{},\"last_reconcile_at\":null},\"v\":3}");
    }

    @Test
    void listsShardsInCodeUnitOrderAndEscapesLikeJsonStringify() {
        SourceCursorState state = SourceCursorState.fresh(new ReplayDefaults(false, null))
                .withScanCursor("a\u0001b/\u2028\"\\")
                .withShard("rez.cdc|9", new ShardProgress(null, "\ud800", "1"))
                .withShard("rez.cdc|10", new ShardProgress("t", null, "02"))
                .withLastReconcileAt("r");

        assertThat(SourceCursorWriter.serialize(state)).isEqualTo(
                "{\"legacy\":{\"replay\":{\"enabled\":false,\"last_replay_at\":null,\"lower_bound\":null},"
                        + "\"scan_cursor\":\"a\\u0001b/\u2028\\\"\\\\\"},"
                        + "\"v2\":{\"by_shard\":{"
                        + "\"rez.cdc|10\":{\"last_event_time\":\"t\",\"last_key\":null,\"next_offset\":\"2\"},"
                        + "\"rez.cdc|9\":{\"last_event_time\":null,\"last_key\":\"\\ud800\",\"next_offset\":\"1\"}},"
                        + "\"last_reconcile_at\":\"r\"},\"v\":3}");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 5, 8, 13})
    void whatIsWrittenReadsBackUnchanged(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            TreeMap<String, ShardProgress> shards = new TreeMap<>();
            for (int s = random.nextInt(4); s > 0; s--) {
                shards.put(word(random) + "|" + random.nextInt(20), new ShardProgress(
                        maybe(random), maybe(random), Long.toString(random.nextLong(0, Long.MAX_VALUE))));
            }
            SourceCursorState state = new SourceCursorState(
                    new ReplayState(random.nextBoolean(), maybe(random), maybe(random)), maybe(random), shards,
                    maybe(random));
            String text = SourceCursorWriter.serialize(state);
            assertThat(SourceCursorParser.parse(text, DEFAULTS)).as(text).isEqualTo(state);
            assertThat(SourceCursorWriter.serialize(SourceCursorParser.parse(text, DEFAULTS))).isEqualTo(text);
        }
    }

    private static String maybe(Random random) {
        return random.nextBoolean() ? null : word(random);
    }

    private static String word(Random random) {
        String alphabet = "az09./|-_\u00e9\u65e5\"\\\u0007";
        StringBuilder word = new StringBuilder("k");
        for (int i = random.nextInt(8); i > 0; i--) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
