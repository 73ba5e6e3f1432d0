package io.rezilient.restore.cli;

import io.rezilient.restore.agent.run.AgentListener;

/**
 * An agent's progress on the terminal: rows with an outcome of the planned rows, rate and ETA, and a line for each
 * reason it waits (a paused job, another agent's claim, an unreachable service).
 */
final class AgentProgressBar implements AgentListener {
    private final TerminalProgressBar bar;

    AgentProgressBar(TerminalProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void progress(String jobId, long processed, long planned) {
        bar.progress(processed, planned);
    }

    @Override
    public void waiting(String jobId, String why) {
        bar.note(why);
    }

    /** Ends the bar's line. */
    void finish() {
        bar.finish();
    }
}
