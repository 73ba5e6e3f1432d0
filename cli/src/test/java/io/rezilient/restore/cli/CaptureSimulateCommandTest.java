package io.rezilient.restore.cli;

import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.capture.truth.TruthHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rez capture simulate} as a newcomer first runs it: defaults that give fresh partitions, clear refusals. */
class CaptureSimulateCommandTest {
    private static ConformanceCommandTest.Run simulate(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("capture", "simulate", "--records", "20", "--events", "200",
                "--partitions", "2", "--no-progress", "--keyring", dir.resolve("keyring.json").toString(),
                "--out", dir.resolve("objects").toString()));
        args.addAll(List.of(extra));
        return rez(args.toArray(String[]::new));
    }

    @Test
    void withoutStartTheWorkloadEndsNow(@TempDir Path dir) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var run = simulate(dir, "--days", "2", "--truth", dir.resolve("truth.jsonl").toString());
        Instant after = Instant.now();

        assertThat(run.exitCode()).as(run.output()).isZero();
        TruthHeader header = GroundTruth.load(dir.resolve("truth.jsonl")).header();
        // the run's own "now", to the second, bracketed by the test's clock readings
        assertThat(header.end()).isBetween(before, after);
        assertThat(Duration.between(header.start(), header.end())).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void anExplicitStartStillPinsTheWorkload(@TempDir Path dir) {
        var run = simulate(dir, "--start", "2026-01-05T08:00:00Z", "--days", "3",
                "--truth", dir.resolve("truth.jsonl").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        TruthHeader header = GroundTruth.load(dir.resolve("truth.jsonl")).header();
        assertThat(header.start()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(header.end()).isEqualTo(Instant.parse("2026-01-08T08:00:00Z"));
    }

    @Test
    void aDestinationWithDataIsRefusedWithTheWayToAddASecondSource(@TempDir Path dir) {
        assertThat(simulate(dir, "--truth", dir.resolve("first.jsonl").toString()).exitCode()).isZero();

        var refused = simulate(dir, "--truth", dir.resolve("second.jsonl").toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.output()).contains("already holds objects under rez/restore-artifacts/")
                .contains("under its own --prefix (and --source)")
                .contains("REZ_RESTORE_INDEXER_SOURCE_PREFIX and REZ_RESTORE_INDEXER_INGEST_SCOPE_ID");

        // what the message says works: the same store, another prefix and source
        var second = simulate(dir, "--prefix", "second-source", "--source", "sn://second.service-now.com",
                "--truth", dir.resolve("second.jsonl").toString());
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("prefix second-source/");
    }
}
