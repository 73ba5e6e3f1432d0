package io.rezilient.restore.cli;

import io.rezilient.restore.db.local.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "From scratch" section works as written: its shell blocks run, in order and unchanged, in a checkout
 * that has nothing yet (no cluster, no objects, no keys), against a real PostgreSQL and the real service; and the
 * runbook's "Plan a Restore" blocks are the README's, so they are checked by the same run.
 */
class FromScratchWalkthroughIT {
    private static final String SECTION = "## From scratch: capture, index, plan and run a restore by hand";
    private static final String SECTION_END = "### Local state";
    private static final String RUNBOOK_SECTION = "## Plan a Restore (dry-run and finalize)";
    private static final Pattern BASH_BLOCK = Pattern.compile("^( *)```bash\\n(.*?)^\\1```", Pattern.DOTALL
            | Pattern.MULTILINE);
    private static final Pattern PLAN_HASH = Pattern.compile("\"plan_hash\": \"([0-9a-f]{64})\"");

    @TempDir
    Path dir;

    private LauncherCheckout checkout;

    @AfterEach
    void cleanUp() throws IOException {
        if (checkout != null) {
            LocalPostgres.durable(checkout.root().resolve(".rez/pg")).destroy();
            checkout.unlinkLibraries();
        }
    }

    @Test
    void theReadmesWalkthroughRunsAsWritten() throws Exception {
        String readme = Files.readString(LauncherCheckout.CHECKOUT.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = bashBlocks(section(readme, SECTION, SECTION_END));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
        String script = "set -eo pipefail\n" + String.join("\n", blocks);
        String runbooks = Files.readString(LauncherCheckout.CHECKOUT.resolve("docs/runbooks.md"), StandardCharsets.UTF_8);
        List<String> runbookBlocks = bashBlocks(section(runbooks, RUNBOOK_SECTION, "\n## "));
        assertThat(runbookBlocks).hasSize(2).allSatisfy(block -> assertThat(script).contains(block));

        checkout = LauncherCheckout.in(dir);
        var run = checkout.bash(script, Map.of("PORT", Integer.toString(freePort())), Duration.ofMinutes(10));

        assertThat(run.exitCode()).as(run.output()).isZero();
        String output = run.output();
        assertThat(output).containsPattern("caught up scope acme-dev: \\d+ cycles, 1000 items read, 1000 inserted")
                .containsPattern("caught up scope acme-test: \\d+ cycles, 400 items read, 400 inserted")
                .contains("\"reconciliation_state\": \"draft\"")
                .contains("\"error\": \"plan_not_finalized\"")
                .containsPattern("plan plan-readme-1 finalised: \\d+ record\\(s\\) on the target")
                .contains("gate executable (none)");
        assertThat(output.split("\"gate\": \"executable\"", -1)).as(output).hasSize(3); // the draft's and the plan's
        Matcher hash = PLAN_HASH.matcher(output);
        assertThat(hash.find()).as(output).isTrue();
        assertThat(output).as("the agent finalised the plan GET returns").contains("plan_hash " + hash.group(1) + ",");
        // the restore ran to the end: every planned row applied, each with a journal entry and a mirror record
        assertThat(output).containsPattern("job job_[0-9a-f-]+ completed: 5 rows planned, 5 applied")
                .contains("\"status\":\"completed\"")
                .contains("\"journal_entries\":5,\"mirror_records\":5");
        // its evidence verified by the service, then offline with nothing but the public key, and rendered
        assertThat(output).contains("{\"verification\":\"verified\"}")
                .contains("VERIFIED: all 8 checks passed")
                .containsPattern("report written to \\S+/report\\.html");
    }

    private static String section(String text, String heading, String end) {
        int start = text.indexOf(heading);
        assertThat(start).as("heading " + heading).isNotNegative();
        int stop = text.indexOf(end, start + heading.length());
        return text.substring(start, stop < 0 ? text.length() : stop);
    }

    /** The section's shell blocks, each without the indentation of its list item. */
    private static List<String> bashBlocks(String section) {
        List<String> blocks = new ArrayList<>();
        Matcher block = BASH_BLOCK.matcher(section);
        while (block.find()) {
            String indent = block.group(1);
            blocks.add(block.group(2).lines().map(line -> line.startsWith(indent) ? line.substring(indent.length())
                    : line).reduce("", (all, line) -> all + line + "\n"));
        }
        return blocks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
