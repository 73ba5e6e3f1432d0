package io.rezilient.restore.contracts.cursor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceCursorParserTest {
    private static final ReplayDefaults DEFAULTS = new ReplayDefaults(true, "rez/restore");
    private static final String LEGACY = "\"legacy\":{\"replay\":{\"enabled\":true,\"last_replay_at\":null,"
            + "\"lower_bound\":null},\"scan_cursor\":\"k\"}";

    private static SourceCursorState parse(String cursor) {
        return SourceCursorParser.parse(cursor, DEFAULTS);
    }

    private static String withShards(String byShard) {
        return "{\"v\":3," + LEGACY + ",\"v2\":{\"by_shard\":" + byShard + ",\"last_reconcile_at\":null}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "\u00a0", "\ufeff", "\u2028 \u3000"})
    void blankTextIsAFreshScope(String cursor) {
        assertThat(parse(cursor)).isEqualTo(SourceCursorState.fresh(DEFAULTS));
        assertThat(parse(null)).isEqualTo(SourceCursorState.fresh(DEFAULTS));
        assertThat(SourceCursorState.fresh(DEFAULTS).replay()).isEqualTo(new ReplayState(true, null, "rez/restore"));
    }

    @Test
    void aControlCharacterIsNotWhitespaceToJavaScript() {
        assertThatThrownBy(() -> parse("\u0001")).hasMessage(
                InvalidSourceCursorException.PREFIX + SourceCursorParser.LEGACY_STRING_NOT_SUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rez/restore/key-0001.manifest.json", "[1,2]", "3", "\"{\""})
    void nonObjectTextIsALegacyCursorAndRefused(String cursor) {
        assertThatThrownBy(() -> parse(cursor)).isInstanceOf(InvalidSourceCursorException.class)
                .hasMessage("invalid source cursor state: legacy plain-string cursors are not supported");
    }

    @Test
    void malformedJsonKeepsOnlyThePortablePrefix() {
        assertThatThrownBy(() -> parse("{\"v\":3,")).isInstanceOf(InvalidSourceCursorException.class)
                .hasMessageStartingWith(InvalidSourceCursorException.PREFIX).hasCauseInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"v\":2}", "{\"v\":\"3\"}", "{\"v\":null}", "{\"v\":4," + LEGACY + "}"})
    void onlyVersionThreeIsRead(String cursor) {
        assertThatThrownBy(() -> parse(cursor))
                .hasMessage("invalid source cursor state: source cursor version must be 3");
    }

    @Test
    void versionThreeWrittenAsADecimalIsStillThree() {
        assertThat(parse("{\"v\":3.0," + LEGACY + "}").scanCursor()).isEqualTo("k");
    }

    @Test
    void theFlatShapeIsReadAsTheLegacySection() {
        SourceCursorState state = parse("{\"v\":3,\"replay\":{\"enabled\":false,\"last_replay_at\":\"t\","
                + "\"lower_bound\":\"lb\"},\"scan_cursor\":\"k\"}");
        assertThat(state).isEqualTo(new SourceCursorState(new ReplayState(false, "t", "lb"), "k",
                new TreeMap<>(), null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "'{\"v\":3,\"legacy\":[]}' | source cursor legacy must be an object",
            "'{\"v\":3,\"legacy\":{\"scan_cursor\":null}}' | source cursor legacy.replay must be an object",
            "'{\"v\":3,\"scan_cursor\":null}' | source cursor replay must be an object",
            "'{\"v\":3,\"legacy\":{\"replay\":{\"enabled\":\"yes\",\"last_replay_at\":null,\"lower_bound\":null},"
                    + "\"scan_cursor\":null}}' | source cursor legacy.replay.enabled must be a boolean",
            "'{\"v\":3,\"legacy\":{\"replay\":{\"enabled\":true,\"lower_bound\":null},\"scan_cursor\":null}}'"
                    + " | source cursor legacy.replay.last_replay_at must be a string or null",
            "'{\"v\":3,\"legacy\":{\"replay\":{\"enabled\":true,\"last_replay_at\":null,\"lower_bound\":\" \"},"
                    + "\"scan_cursor\":null}}' | source cursor legacy.replay.lower_bound must not be empty",
            "'{\"v\":3,\"legacy\":{\"replay\":{\"enabled\":true,\"last_replay_at\":null,\"lower_bound\":null}}}'"
                    + " | source cursor legacy.scan_cursor must be a string or null",
            "'{\"v\":3,\"legacy\":{\"replay\":{\"enabled\":true,\"last_replay_at\":null,\"lower_bound\":null},"
                    + "\"scan_cursor\":7}}' | source cursor legacy.scan_cursor must be a string or null",
    })
    void everyFieldIsTypeChecked(String cursor, String message) {
        assertThatThrownBy(() -> parse(cursor)).hasMessage(InvalidSourceCursorException.PREFIX + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '\'', value = {
            "'[]' # source cursor v2.by_shard must be an object",
            "'{\"\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":\"1\"}}'"
                    + " # source cursor v2.by_shard keys must not be empty",
            "'{\"a|0\":5}' # source cursor v2.by_shard.a|0 must be an object",
            "'{\"a|0\":{\"last_event_time\":null,\"last_key\":\"\",\"next_offset\":\"1\"}}'"
                    + " # source cursor v2.by_shard.a|0.last_key must not be empty",
            "'{\"a|0\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":null}}'"
                    + " # source cursor v2.by_shard.a|0.next_offset must not be null",
            "'{\"a|0\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":12}}'"
                    + " # source cursor v2.by_shard.a|0.next_offset must be a string or null",
            "'{\"a|0\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":\"-1\"}}'"
                    + " # source cursor v2.by_shard.a|0.next_offset must be non-negative integer offset as decimal string",
    })
    void shardsAreValidated(String byShard, String message) {
        assertThatThrownBy(() -> parse(withShards(byShard)))
                .hasMessage(InvalidSourceCursorException.PREFIX + message);
    }

    @Test
    void shardOffsetsAreCanonicalAndShardsSortedByUtf16CodeUnits() {
        String shards = "{\"rez.cdc|9\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":\"0007\"},"
                + "\"\uffff|0\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":\"1\"},"
                + "\"\ud83d\ude00|0\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":\"1\"},"
                + "\"Z|0\":{\"last_event_time\":null,\"last_key\":null,\"next_offset\":\"1\"},"
                + "\"rez.cdc|10\":{\"last_event_time\":\"t\",\"last_key\":\"k\",\"next_offset\":\"11\"}}";
        SourceCursorState state = parse(withShards(shards));

        // code-unit order: digits before letters, '1' before '9', the surrogate pair (D83D) before U+FFFF
        assertThat(List.copyOf(state.byShard().keySet()))
                .containsExactly("Z|0", "rez.cdc|10", "rez.cdc|9", "\ud83d\ude00|0", "\uffff|0");
        assertThat(state.byShard().get("rez.cdc|9").nextOffset()).isEqualTo("7");
        assertThat(state.byShard().get("rez.cdc|10")).isEqualTo(new ShardProgress("t", "k", "11"));
    }

    @Test
    void aMissingV2SectionMeansNoShards() {
        SourceCursorState state = parse("{\"v\":3," + LEGACY + "}");
        assertThat(state.byShard()).isEmpty();
        assertThat(state.lastReconcileAt()).isNull();
    }

    @Test
    void theStateIsImmutable() {
        SourceCursorState state = parse(withShards("{\"a|0\":{\"last_event_time\":null,\"last_key\":null,"
                + "\"next_offset\":\"1\"}}"));
        assertThatThrownBy(() -> state.byShard().clear()).isInstanceOf(UnsupportedOperationException.class);
        SourceCursorState advanced = state.withShard("a|0", new ShardProgress(null, "k2", "2"));
        assertThat(state.byShard().get("a|0").nextOffset()).isEqualTo("1");
        assertThat(advanced.byShard().get("a|0").nextOffset()).isEqualTo("2");
    }

    @Test
    void blankConfiguredLowerBoundIsAConfigurationError() {
        assertThatThrownBy(() -> new ReplayDefaults(true, " "))
                .isNotInstanceOf(InvalidSourceCursorException.class)
                .hasMessage("source cursor replay defaults.lowerBound must not be empty");
        assertThat(new ReplayDefaults(false, null).lowerBound()).isNull();
    }
}
