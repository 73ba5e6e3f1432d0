package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rez demo}, the README's "run the main job" command, works on embedded defaults and can be re-run. */
class DemoCommandTest {
    @Test
    void capturesIndexesDamagesRestoresAndVerifiesEvenWhenRunTwice(@TempDir Path dir) throws Exception {
        String server = io.rezilient.restore.db.TestDatabases.server().jdbcUrl();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        var first = withProgressInto(terminal, "demo", "--events", "300", "--dir", dir.toString(), "--pg-url", server);
        // what the first run logged, before the second run replaces it
        List<String> firstLog = Files.readAllLines(dir.resolve(DemoCommand.LOG_FILE));
        var second = rez("demo", "--events", "300", "--dir", dir.toString(), "--pg-url", server);

        // indexing drew a bar that reached every manifest, then ended its line
        String bar = terminal.toString(StandardCharsets.UTF_8);
        assertThat(bar).startsWith("\r[").contains("] 100%  300/300 manifests").endsWith(System.lineSeparator());
        assertLogsWentToTheFile(first.output(), firstLog, dir.resolve(DemoCommand.LOG_FILE));
        Matcher report = Pattern.compile("  report        (\\S+report\\.html) ").matcher(second.output());
        assertThat(report.find()).as(second.output()).isTrue();
        assertThat(Files.readString(Path.of(report.group(1)))).contains("VERIFIED").doesNotContain("NOT VERIFIED");
        for (var run : List.of(first, second)) {
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("wrote 300 events").contains("300 manifests")
                    .contains("\"manifest_version\":\"rec.artifact-manifest.v1\"")
                    .contains("300 inserted")
                    .containsPattern("tenant-demo .*rez\\.cdc .*gen-demo-1")
                    .containsPattern("dry-run +gate (executable|preview_only|blocked) ")
                    .containsPattern("finalised gate executable \\(none\\), update \\d+, insert \\d+")
                    .containsPattern("plan_hash [0-9a-f]{64} ");
            assertRestored(run.output());
        }
        // the restore and its undo completed and released their locks; each journaled its five rows
        try (Connection connection = io.rezilient.restore.db.TestDatabases.server()
                .withDatabase(DemoCommand.DEMO_DATABASE).dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            assertThat(rows(sql, "SELECT status FROM rez_restore.jobs")).containsExactly("completed", "completed");
            assertThat(rows(sql, "SELECT job_id FROM rez_restore.lock_holds")).isEmpty();
            assertThat(rows(sql, "SELECT count(*) FROM rez_restore.rollback_journal")).containsExactly("10");
            // each ended job got its signed package, copied to the object store
            assertThat(rows(sql, "SELECT signature_verification || ' ' || (stored_at IS NOT NULL)"
                    + " FROM rez_restore.evidence_packages")).containsExactly("verified true", "verified true");
        }
        // checked independently of the demo's own checks: after the undo, the incident table is the source's final
        // state with exactly the accident on it — two records gone, three overwritten, every other one untouched
        io.rezilient.restore.capture.truth.GroundTruth truth =
                io.rezilient.restore.capture.truth.GroundTruth.load(dir.resolve("ground-truth.jsonl"));
        Matcher accident = Pattern.compile("accident: deleted incident ([0-9a-f]{32}), ([0-9a-f]{32}); overwrote "
                + "([0-9a-f]{32}), ([0-9a-f]{32}), ([0-9a-f]{32})").matcher(second.output());
        assertThat(accident.find()).as(second.output()).isTrue();
        java.util.Set<String> deleted = java.util.Set.of(accident.group(1), accident.group(2));
        java.util.Set<String> overwritten = java.util.Set.of(accident.group(3), accident.group(4), accident.group(5));
        try (Connection connection = io.rezilient.restore.db.TestDatabases.server()
                .withDatabase(DemoCommand.DEMO_TARGET_DATABASE).dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            var expected = new java.util.TreeMap<>(truth.tableAt("incident", truth.header().end()));
            expected.keySet().removeAll(deleted);
            assertThat(rows(sql, "SELECT sys_id FROM incident ORDER BY sys_id"))
                    .containsExactlyElementsOf(expected.keySet());
            for (var record : expected.entrySet()) {
                String description = overwritten.contains(record.getKey()) ? "(overwritten by a bad bulk update)"
                        : record.getValue().path("short_description").asText();
                assertThat(rows(sql, "SELECT short_description FROM incident WHERE sys_id = '" + record.getKey()
                        + "'")).as(record.getKey()).containsExactly(description);
            }
        }
        assertThat(dir.resolve("keyring.json")).exists();
        assertThat(dir.resolve("ground-truth.jsonl")).exists();
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".manifest.json")).count()).isEqualTo(300);
        }
    }

    /**
     * Stages 4–6: two incidents deleted and three overwritten on the target; the agent finds the deleted ones missing,
     * re-inserts them and updates the others; the demo checks the five against the ground truth.
     */
    private static void assertRestored(String output) {
        assertThat(output).containsPattern("accident: deleted incident [0-9a-f]{32}, [0-9a-f]{32}; overwrote "
                        + "[0-9a-f]{32}, [0-9a-f]{32}, [0-9a-f]{32}")
                .contains("reconciled by the agent against the target: 3 exist there, 2 missing")
                .containsPattern("job job_[0-9a-f-]+ completed: 5 rows planned, 5 applied, 0 skipped")
                .contains("insert → applied").contains("update → applied")
                .contains("rollback journal: 5 entries (before-images {target/exists=3, target/missing=2}")
                .contains("verified: the 5 restored records equal the ground truth at ")
                .containsPattern("undo job  job_[0-9a-f-]+ running \\(plan undo-[0-9a-f]{8}-1, actions .*\"update\":3,"
                        + ".*\"delete\":2")
                .contains("verified: the target is back to its damaged state, every column of the 5 records")
                .containsPattern("evidence  evidence_[0-9a-f]{24}: report_hash [0-9a-f]{64}, signed ed25519 by"
                        + " rez-demo-ed25519; the service's verdict: verified")
                .contains("PASS  artifact rollback-journal.json").contains("PASS  signature")
                .contains("VERIFIED: all 8 checks passed")
                .containsPattern("  evidence      VERIFIED \\(report_hash [0-9a-f]{64}\\)")
                .containsPattern("  report        .*report\\.html \\(open it in a browser");
    }

    /** Runs {@code rez args} with the demo's progress bar drawing into {@code terminal} as on a real terminal. */
    private static ConformanceCommandTest.Run withProgressInto(ByteArrayOutputStream terminal, String... args) {
        PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == DemoCommand.class
                        ? type.cast(new DemoCommand(unit -> new TerminalProgressBar(stream, true, unit)))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        StringWriter out = new StringWriter();
        CommandLine commandLine = Rez.commandLine(factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int exit = commandLine.execute(args);
        return new ConformanceCommandTest.Run(exit, out.toString());
    }

    /**
     * The demo's own output names the log file and holds no JSON log line; the file holds the indexer's batch lines
     * and the restore service's request lines, each one JSON object.
     */
    private static void assertLogsWentToTheFile(String output, List<String> log, Path file) {
        assertThat(output).contains("JSON log lines go to " + file).contains("Their full JSON logs: " + file);
        assertThat(output.lines()).noneMatch(line -> line.startsWith("{"));
        assertThat(log).allSatisfy(line -> assertThat(Json.parse(line).path("timestamp").isNumber()).isTrue());
        assertThat(log).filteredOn(line -> line.contains("\"formattedMessage\":\"restore-indexer batch processed\""))
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).contains("\"cursor_before\":\"sha256:"));
        assertThat(log).filteredOn(line -> line.contains("\"formattedMessage\":\"http request\""))
                .anySatisfy(line -> assertThat(line).contains("\"route\":\"\\/v1\\/plans\\/dry-run\"")
                        .contains("\"request_id\":\"req_"));
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void keysAndCaptureCommandsAreRegistered() {
        assertThat(rez("keys", "--help").exitCode()).isZero();
        assertThat(rez("capture", "simulate", "--help").output()).contains("--records", "--layout", "--out");
        assertThat(rez("capture", "ingest", "--help").exitCode()).isZero();
    }
}
