package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The push attempt's loop on its own (service-spec §6.6, runbook "Resume Checkpoint Recovery"): an execution of
 * whole chunks driven through fake steps, so the budget, the chunk-aligned claims and the hand-back of a claim the
 * target did not take are pinned without a database.
 */
class PushAttemptTest {

    /** An execution of {@code rows} rows in {@code chunkSize}-row chunks, as the service's claim and commit keep it. */
    private static final class FakeExecution implements PushAttempt.Steps {
        final int rows;
        final int chunkSize;
        int position;
        int attemptChunks;
        boolean running = true;
        boolean pausedForBudget;
        final List<Integer> claimSizes = new ArrayList<>();
        final List<String> released = new ArrayList<>();
        final List<String> committed = new ArrayList<>();
        String activeClaim;
        int claimTo;
        boolean supersedeNextCommit;

        FakeExecution(int rows, int chunkSize) {
            this.rows = rows;
            this.chunkSize = chunkSize;
        }

        @Override
        public PushAttempt.Progress progress() {
            return new PushAttempt.Progress(position >= rows, running && position < rows, attemptChunks,
                    position % chunkSize, chunkSize);
        }

        @Override
        public Optional<ObjectNode> claim(int maxRows) {
            if (!running || position >= rows) {
                return Optional.empty();
            }
            claimSizes.add(maxRows);
            claimTo = Math.min(rows, position + maxRows);
            activeClaim = "claim-" + position + "-" + claimSizes.size();
            return Optional.of(JsonNodeFactory.instance.objectNode().put("accepted", true)
                    .put("claim_id", activeClaim));
        }

        @Override
        public Optional<ObjectNode> commit(ObjectNode body) {
            assertThat(body.path("claim_id").asText()).isEqualTo(activeClaim);
            if (supersedeNextCommit) {
                supersedeNextCommit = false;
                return Optional.empty();
            }
            committed.add(activeClaim);
            boolean chunkEnds = claimTo % chunkSize == 0 || claimTo == rows;
            position = claimTo;
            attemptChunks += chunkEnds ? 1 : 0;
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            var promoted = answer.putArray("promoted_job_ids");
            if (position >= rows) {
                promoted.add("job-next");
            }
            return Optional.of(answer);
        }

        @Override
        public void release(String claimId) {
            released.add(claimId);
        }

        @Override
        public void pauseForBudget() {
            pausedForBudget = true;
            running = false;
        }

        /** What resume does: the job runs again and a new attempt's count starts at zero. */
        void resume() {
            running = true;
            pausedForBudget = false;
            attemptChunks = 0;
        }
    }

    /** Reports every claim as applied, and counts the claims it was given. */
    private static final class Target implements PushApplier {
        final List<String> applied = new ArrayList<>();
        RuntimeException failure;

        @Override
        public ObjectNode apply(String jobId, ObjectNode claimAnswer) {
            if (failure != null) {
                throw failure;
            }
            applied.add(claimAnswer.path("claim_id").asText());
            return JsonNodeFactory.instance.objectNode().put("claim_id", claimAnswer.path("claim_id").asText());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aBudgetOfTwoPausesAtChunkTwoThenFourAndTheThirdAttemptCompletes() {
        FakeExecution execution = new FakeExecution(10, 2); // 5 chunks
        Target target = new Target();

        PushAttempt.Outcome first = PushAttempt.run(execution, target, "job-1", 2);
        assertThat(first.end()).isEqualTo(PushAttempt.End.BUDGET_SPENT);
        assertThat(execution.pausedForBudget).isTrue();
        assertThat(execution.position / execution.chunkSize).as("next chunk index").isEqualTo(2);

        execution.resume();
        PushAttempt.Outcome second = PushAttempt.run(execution, target, "job-1", 2);
        assertThat(second.end()).isEqualTo(PushAttempt.End.BUDGET_SPENT);
        assertThat(execution.position / execution.chunkSize).isEqualTo(4);

        execution.resume();
        PushAttempt.Outcome third = PushAttempt.run(execution, target, "job-1", 2);
        assertThat(third.end()).isEqualTo(PushAttempt.End.TERMINAL);
        assertThat(third.claims()).isEqualTo(1);
        assertThat(third.promotedJobIds()).containsExactly("job-next");
        assertThat(execution.pausedForBudget).isFalse();
        assertThat(target.applied).hasSize(5).isEqualTo(execution.committed);
    }

    @Test
    void withoutABudgetOneAttemptRunsToTheEnd() {
        FakeExecution execution = new FakeExecution(9, 2);
        PushAttempt.Outcome outcome = PushAttempt.run(execution, new Target(), "job-1", 0);
        assertThat(outcome.end()).isEqualTo(PushAttempt.End.TERMINAL);
        assertThat(outcome.claims()).isEqualTo(5);
        assertThat(execution.pausedForBudget).isFalse();
        assertThat(execution.claimSizes).containsOnly(2);
    }

    @Test
    void aClaimTakesTheRestOfTheCurrentChunkSoEveryCommitCompletesOne() {
        FakeExecution execution = new FakeExecution(8, 4);
        execution.position = 3; // an agent committed three rows of the first chunk before
        PushAttempt.Outcome outcome = PushAttempt.run(execution, new Target(), "job-1", 1);
        assertThat(outcome.end()).isEqualTo(PushAttempt.End.BUDGET_SPENT);
        assertThat(execution.claimSizes).containsExactly(1);
        assertThat(execution.position).isEqualTo(4);
    }

    @Test
    void aTargetFailureGivesTheClaimBackCommitsNothingAndGoesOn() {
        FakeExecution execution = new FakeExecution(6, 2);
        Target target = new Target();
        PushAttempt.run(execution, target, "job-1", 1);
        execution.resume();
        target.failure = new PushTargetUnavailableException("connection refused", new IllegalStateException());

        assertThatThrownBy(() -> PushAttempt.run(execution, target, "job-1", 1))
                .isSameAs(target.failure);
        assertThat(execution.released).containsExactly(execution.activeClaim);
        assertThat(execution.committed).hasSize(1);
        assertThat(execution.position).isEqualTo(2);
        assertThat(execution.running).as("the job keeps running").isTrue();
    }

    @Test
    void aJobPausedFromOutsideEndsTheAttemptWithoutTheBudgetPause() {
        FakeExecution execution = new FakeExecution(6, 2);
        execution.running = false;
        PushAttempt.Outcome outcome = PushAttempt.run(execution, new Target(), "job-1", 2);
        assertThat(outcome.end()).isEqualTo(PushAttempt.End.STOPPED);
        assertThat(outcome.claims()).isZero();
        assertThat(execution.pausedForBudget).isFalse();
    }

    @Test
    void aSupersededClaimsRowsAreClaimedAgain() {
        FakeExecution execution = new FakeExecution(4, 2);
        execution.supersedeNextCommit = true;
        PushAttempt.Outcome outcome = PushAttempt.run(execution, new Target(), "job-1", 0);
        assertThat(outcome.end()).isEqualTo(PushAttempt.End.TERMINAL);
        assertThat(execution.claimSizes).hasSize(3);
        assertThat(execution.committed).hasSize(2);
    }
}
