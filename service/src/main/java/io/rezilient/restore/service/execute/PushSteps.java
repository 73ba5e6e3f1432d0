package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.http.ApiError;

import java.util.Optional;
import java.util.Set;

/**
 * A push attempt's steps on the service itself, with the caller's identity: claim and commit are the very methods
 * behind {@code …/execute-batches/claim} and {@code …/commit}, so the ledger, journal, checkpoint, idempotency and
 * row outcomes of push and pull cannot differ.
 */
record PushSteps(ExecutionService executions, Principal caller, String jobId) implements PushAttempt.Steps {
    /** Refusals of a claim that mean "the job stopped running meanwhile", which ends the attempt without an error. */
    private static final Set<String> STOPPED = Set.of("job_paused", "job_not_claimable");

    @Override
    public PushAttempt.Progress progress() {
        return executions.pushProgress(caller, jobId);
    }

    @Override
    public Optional<ObjectNode> claim(int maxRows) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("max_rows", maxRows);
        try {
            ObjectNode answer = executions.claimAsTree(caller, jobId, body);
            return answer.path("accepted").asBoolean() ? Optional.of(answer) : Optional.empty();
        } catch (ApiError refused) {
            if (STOPPED.contains(refused.error())) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    @Override
    public Optional<ObjectNode> commit(ObjectNode body) {
        try {
            return Optional.of(executions.commit(caller, jobId, body));
        } catch (ApiError refused) {
            // the claim outlived its lease and was claimed again: the target's ledger keeps its rows from being
            // written twice when the later claim brings them back
            if (refused.error().equals("claim_not_active")) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    @Override
    public void release(String claimId) {
        executions.releaseClaim(caller, jobId, claimId);
    }

    @Override
    public void pauseForBudget() {
        executions.pauseForBudget(caller, jobId);
    }
}
