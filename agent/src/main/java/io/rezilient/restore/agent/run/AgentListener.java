package io.rezilient.restore.agent.run;

/** What an agent reports while it works (the CLI draws a progress bar and prints a summary from it). */
public interface AgentListener {
    /** A job's rows are being worked: {@code processed} of {@code planned} rows have an outcome. */
    default void progress(String jobId, long processed, long planned) {
    }

    /** The service recorded the outcomes of claim {@code claimId} (its commit was answered). */
    default void committed(String jobId, String claimId) {
    }

    /** The agent waits: paused job, another agent's claim, an unreachable service; {@code why} says which. */
    default void waiting(String jobId, String why) {
    }

    /** A job ended (or was already terminal). */
    default void finished(JobRun run) {
    }

    AgentListener NONE = new AgentListener() {
    };
}
