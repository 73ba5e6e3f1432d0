package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operator stages, lists, reverts and audits overrides with {@code rez backfill overrides}. */
class BackfillOverridesCommandTest {
    private TestDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabases.createMigrated("BackfillOverridesCommandTest");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ConformanceCommandTest.Run overrides(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "backfill";
        all[1] = "overrides";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--url";
        all[args.length + 3] = database.jdbcUrl();
        return rez(all);
    }

    @Test
    void stageListRevertAndHistory() {
        var empty = overrides("list");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.output()).contains("(no active overrides)");

        var staged = overrides("stage", "--scope", "global", "--key", "backfill_batch_size", "--value", "2000",
                "--valid-until", "+2h", "--reason", "bootstrap after losing the index", "--actor", "alice");
        assertThat(staged.exitCode()).as(staged.output()).isZero();
        assertThat(staged.lines().get(1)).containsPattern(
                "^1 +global +backfill_batch_size +2000 +- +active .* alice / bootstrap after losing the index$");

        var json = overrides("list", "--scope", "global", "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.lines()).singleElement().asString().contains("\"key\":\"backfill_batch_size\"")
                .contains("\"value\":\"2000\"").contains("\"config_version\":1").contains("\"status\":\"active\"");

        var reverted = overrides("revert", "1", "--reason", "live lag too high", "--actor", "bob");
        assertThat(reverted.exitCode()).as(reverted.output()).isZero();
        assertThat(reverted.lines().get(1)).containsPattern("^2 +1 +backfill_batch_size +rolled_back +2000 +- +bob ");

        assertThat(overrides("list").output()).contains("(no active overrides)");
        assertThat(overrides("list", "--all").output()).containsPattern("backfill_batch_size +2000 +- +rolled_back");
        var history = overrides("history", "--scope", "global");
        assertThat(history.lines()).hasSize(3);
        assertThat(history.lines().get(1)).containsPattern("^1 +1 +backfill_batch_size +applied +- +2000 +alice ");
        assertThat(history.lines().get(2)).containsPattern("^2 +1 +backfill_batch_size +rolled_back +2000 +- +bob ");
    }

    @Test
    void refusalsAreOneLineWithTheirReasonCodeAndExitCode2() {
        var unknown = overrides("stage", "--scope", "global", "--key", "lateness", "--value", "5", "--valid-until",
                "+1h", "--reason", "r", "--actor", "alice");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output().strip()).startsWith("rez stage: override_key_unknown: 'lateness'")
                .doesNotContain("\tat ");

        var tooBig = overrides("stage", "--scope", "global", "--key", "backfill_batch_size", "--value", "50000",
                "--valid-until", "+1h", "--reason", "r", "--actor", "alice");
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.output()).contains("override_value_out_of_bounds: backfill_batch_size must be within 1..10000");

        var badTime = overrides("stage", "--scope", "global", "--key", "backfill_batch_size", "--value", "500",
                "--valid-until", "tomorrow", "--reason", "r", "--actor", "alice");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.output()).contains("--valid-until takes an ISO-8601 instant");

        var noSuch = overrides("revert", "42", "--reason", "r", "--actor", "bob");
        assertThat(noSuch.exitCode()).isEqualTo(2);
        assertThat(noSuch.output()).contains("override_unknown: no override 42");
        assertThat(overrides("list", "--all").output()).contains("(no overrides)");
    }

    @Test
    void theKnobsTableListsBoundsAndClasses() {
        var knobs = rez("backfill", "overrides", "knobs");
        assertThat(knobs.exitCode()).isZero();
        assertThat(knobs.output()).containsPattern("backfill_batch_size +count +1 +10000 +hot ")
                .containsPattern("indexer_read_concurrency +count +1 +1024 +restart ");
    }

    @Test
    void timesAreInstantsOrOffsetsFromNow() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(BackfillOverridesCommand.time("--valid-until", "+90m", now)).isEqualTo(now.plusSeconds(5400));
        assertThat(BackfillOverridesCommand.time("--valid-until", "+2d", now)).isEqualTo(now.plusSeconds(172_800));
        assertThat(BackfillOverridesCommand.time("--valid-from", "2026-03-02T00:00:00Z", now))
                .isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThatThrownBy(() -> BackfillOverridesCommand.time("--valid-until", "+2w", now))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
