package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The bar names what it counts, never overflows its width, and draws nothing when turned off. */
class TerminalProgressBarTest {
    @Test
    void drawsTheCountedUnitAndEndsItsLine() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        TerminalProgressBar bar = new TerminalProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8), true,
                "manifests");

        bar.progress(12, 12);
        bar.finish();

        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .startsWith("\r[" + "#".repeat(30) + "] 100%  12/12 manifests  ").endsWith(System.lineSeparator());
    }

    @Test
    void moreThanTheTotalFillsTheBarWithoutBreakingIt() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        TerminalProgressBar bar = new TerminalProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8), true,
                "manifests");

        bar.progress(15, 12);

        assertThat(terminal.toString(StandardCharsets.UTF_8)).startsWith("\r[" + "#".repeat(30) + "] ");
    }

    @Test
    void aBarThatIsOffDrawsNothing() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        TerminalProgressBar bar = new TerminalProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8), false,
                "events");

        bar.progress(5, 10);
        bar.finish();

        assertThat(terminal.size()).isZero();
    }
}
