package io.rezilient.restore.agent.run;

/**
 * The service refused what the agent asked for in a way retrying cannot fix (the target changed since the plan was
 * reconciled, a missing capability, a blocked plan): an operator has to act. The message says what the service said.
 */
public final class AgentStoppedException extends RuntimeException {
    public AgentStoppedException(String message) {
        super(message);
    }
}
