package io.rezilient.restore.db.local;

import java.util.List;

/** The outcome of one external command: its exit code and its combined stdout/stderr. */
record CommandResult(List<String> command, int exitCode, String output) {
    /** Enough of a failing command's output to diagnose it without flooding the terminal. */
    private static final int MAX_REPORTED_CHARS = 4000;

    boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result when the command succeeded, else fails with {@code what} and the tail of its output. */
    CommandResult orThrow(String what) {
        if (!succeeded()) {
            throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + tail(output, MAX_REPORTED_CHARS));
        }
        return this;
    }

    static String tail(String text, int maxChars) {
        String trimmed = text.strip();
        return trimmed.length() <= maxChars ? trimmed : "…" + trimmed.substring(trimmed.length() - maxChars);
    }
}
