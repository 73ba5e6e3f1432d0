package io.rezilient.restore.cli;

import io.rezilient.restore.capture.simulate.ProgressListener;

import java.io.Console;
import java.io.PrintStream;

/**
 * A one-line progress bar on the terminal ({@code [#####.....]  48%  480000/1000000 events  21345/s}), redrawn at
 * most ten times a second. Draws nothing when output is not a terminal, so logs and pipes stay clean.
 */
final class TerminalProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final String unit;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private boolean drawn;
    private String lastNote;

    /** @param unit what is counted, e.g. {@code events} */
    TerminalProgressBar(PrintStream out, boolean enabled, String unit) {
        this.out = out;
        this.enabled = enabled;
        this.unit = unit;
    }

    /** A bar counting events on stderr when the process runs on a terminal and the user did not turn it off. */
    static TerminalProgressBar forConsole(boolean wanted) {
        return forConsole(wanted, "events");
    }

    /** A bar counting {@code unit} on stderr when the process runs on a terminal and the user did not turn it off. */
    static TerminalProgressBar forConsole(boolean wanted, String unit) {
        return new TerminalProgressBar(System.err, wanted && onTerminal(), unit);
    }

    /**
     * Since JDK 22 {@code System.console()} is non-null even when output is redirected, and {@code Console.isTerminal()}
     * tells the truth; we build for 21, so ask for it reflectively and fall back to the old meaning of non-null.
     */
    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    @Override
    public void progress(long written, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (written < total && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(written, total) / total);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = written / seconds;
        String eta = written >= total || rate < 1e-9 ? "" : "  ETA " + duration((long) ((total - written) / rate));
        out.printf("\r[%s%s] %3d%%  %d/%d %s  %.0f/s%s ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                total == 0 ? 100 : 100 * written / total, written, total, unit, rate, eta);
        out.flush();
        drawn = true;
    }

    /**
     * A message between redraws (why the work waits): printed on its own line once per distinct message, also when
     * no bar is drawn, so a log shows why nothing moves.
     */
    void note(String message) {
        if (message.equals(lastNote)) {
            return;
        }
        lastNote = message;
        if (drawn) {
            out.println();
            drawn = false;
        }
        out.println(message);
        out.flush();
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    /** Ends the bar's line, so the next output starts on a fresh one. */
    void finish() {
        if (drawn) {
            out.println();
            out.flush();
        }
    }
}
