package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The in-process agent of push mode ({@code RRS_EXECUTE_PROGRESS_MODE=push}, architecture §7): applies one claim to
 * the configured target and reports it. The service hands it exactly the claim answer an agent would receive over
 * HTTP and commits exactly what it returns, so push and pull record rows the same way. Implementations live outside
 * the service (the {@code cli} builds one from the agent module); the runtime that receives one closes it.
 */
public interface PushApplier extends AutoCloseable {

    /**
     * Applies an accepted claim answer ({@code claim_id}, {@code claimed_rows}, {@code tenant_id} …) to the target
     * and returns the commit body that reports it ({@code claim_id}, one {@code row_outcomes} entry per claimed row).
     * Applying a claim again, or rows an earlier claim of the job already applied, must not write them twice.
     *
     * @throws PushTargetUnavailableException when the target cannot be written now; nothing of the claim counts
     */
    ObjectNode apply(String jobId, ObjectNode claimAnswer);

    /** Releases the target connections. */
    @Override
    void close();
}
