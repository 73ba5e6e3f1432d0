package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference conformance vectors, run the way an operator runs them: {@code rez conformance check DIR}. */
class ConformanceCommandTest {
    static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir", "../../shared"), "conformance", "vectors");


    record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    static Run rez(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Rez.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString());
    }

    @Test
    void everySupportedReferenceVectorPasses() {
        Run run = rez("conformance", "check", VECTORS.toString());

        assertThat(run.lines()).filteredOn(line -> line.startsWith("FAIL")).isEmpty();
        assertThat(run.exitCode()).isZero();
        String summary = run.lines().getLast();
        assertThat(summary).matches("\\d+ passed, 0 failed");
        assertThat(Integer.parseInt(summary.split(" ")[0])).isGreaterThan(250);
        for (String family : List.of("canonical_json", "plan_hash", "cloudevents", "offsets_and_times", "pit_order",
                "ids", "source_cursor", "metadata_normalization", "freshness", "materialization", "dry_run_gate",
                "evidence")) {
            assertThat(run.output()).containsPattern("family " + family + ": \\d+ passed");
        }
        assertThat(run.output()).doesNotContain("not yet supported");
        assertThat(run.lines()).filteredOn(line -> line.startsWith("family lock_manager:")).singleElement()
                .asString().startsWith("family lock_manager: not run here, informative")
                .contains("checked against PostgreSQL by the service module's LockManagerConformanceIT")
                .endsWith("(15 cases)");
    }

    /** The lock manager's check needs a database; its vectors are announced, never passed or failed here. */
    @Test
    void lockManagerVectorsAreInformativeAndNeitherPassNorFail(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lock_manager.json"), """
                {"family": "lock_manager", "cases": [
                  {"name": "anything", "input": {"steps": [{"op": "dequeue", "job_id": "j"}]},
                   "expected": {"steps": [{"result": true, "state": {"running_jobs": [], "queued_jobs": []}}]}}
                ]}""");
        Files.writeString(dir.resolve("future.json"), """
                {"family": "teleportation", "cases": [{"name": "a", "input": 1, "expected": 1}]}""");

        Run run = rez("conformance", "check", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.output())
                .contains("family lock_manager: not run here, informative (our lock queue deliberately differs,"
                        + " see docs/deviations.md); checked against PostgreSQL by the service module's"
                        + " LockManagerConformanceIT, which needs a database this command does not use (1 cases)")
                .contains("family teleportation: not yet supported (1 cases)")
                .doesNotContain("lock_manager: not yet supported");
        assertThat(run.lines()).filteredOn(line -> line.startsWith("FAIL")).isEmpty();
        assertThat(run.lines().getLast()).isEqualTo("0 passed, 0 failed");
    }

    @Test
    void aWrongExpectationIsReportedAndFailsTheRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("offsets.json"), """
                {"family": "offsets_and_times", "cases": [
                  {"name": "right", "op": "canonicalize_offset", "input": "007", "expected": "7"},
                  {"name": "wrong", "op": "canonicalize_offset", "input": "008", "expected": "9"}
                ]}""");

        Run run = rez("conformance", "check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).filteredOn(line -> line.startsWith("FAIL")).singleElement().asString()
                .contains("offsets_and_times/wrong");
        assertThat(run.lines().getLast()).isEqualTo("1 passed, 1 failed");
    }

    @Test
    void anUnknownFamilyIsNotYetSupportedRatherThanPassed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("future.json"), """
                {"family": "teleportation", "cases": [{"name": "a", "input": 1, "expected": 1}]}""");

        Run run = rez("conformance", "check", dir.toString());

        assertThat(run.output()).contains("family teleportation: not yet supported (1 cases)");
        assertThat(run.lines().getLast()).isEqualTo("0 passed, 0 failed");
    }

    @Test
    void aMissingDirectoryIsAClearError(@TempDir Path dir) {
        Run run = rez("conformance", "check", dir.resolve("nope").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("not a directory of conformance vectors");
    }
}
