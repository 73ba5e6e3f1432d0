package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** An unknown command or option fails with one line naming it, whether or not {@code --help} follows it. */
class UnknownArgumentsTest {
    @Test
    void anUnknownCommandFailsEvenWhenHelpIsAskedFor() {
        for (String[] args : new String[][] {{"bogus", "--help"}, {"bogus"}, {"--help", "bogus"}}) {
            var run = rez(args);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.lines()).as(run.output()).singleElement().asString()
                    .startsWith("rez: unknown command 'bogus'; the commands are conformance, pg, db, ")
                    .endsWith("(see `rez --help`)");
        }
    }

    @Test
    void anUnknownSubcommandNamesItsGroupsCommandsAndSuggestsTheNearestOne() {
        var run = rez("pg", "stats", "--help");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().strip()).startsWith("rez pg: unknown command 'stats'; the commands are start, stop,")
                .contains("did you mean ").contains("status").endsWith("(see `rez pg --help`)")
                .doesNotContain("Usage:");
    }

    @Test
    void anUnknownOptionIsNamed() {
        var run = rez("pg", "status", "--colour", "--help");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().strip()).isEqualTo("rez pg status: unknown option '--colour' (see `rez pg status --help`)");
    }

    @Test
    void helpAndKnownCommandsStillWork() {
        var help = rez("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: rez").contains("demo");
        assertThat(rez("pg", "--help").exitCode()).isZero();
        // other usage errors keep picocli's own message and usage
        var missing = rez("indexer", "quarantine", "resolve", "some-key");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.output()).contains("Missing required option: '--as=RESOLUTION'").contains("Usage:");
    }
}
