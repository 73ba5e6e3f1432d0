package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of a push-mode execution (service-spec §6.6 on our claim and commit, architecture §7): claim the rest
 * of the current chunk, have the {@link PushApplier} apply it, commit what it reports, and go on until the execution
 * is terminal, the job is paused (by an operator or a suspended source mapping), or the attempt has completed
 * {@code RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT} chunks, which pauses the job with
 * {@code paused_token_refresh_grace_exhausted}; resume starts the next attempt. The chunks an attempt completed are
 * the execution's own stored count ({@code attempt_chunk_count}, kept by commit and reset by resume), not a counter of
 * this loop, so every resume (after any pause) starts a fresh budget, as the reference's processAttempt does.
 */
final class PushAttempt {
    private PushAttempt() {
    }

    /** What an attempt does to its execution; {@link ExecutionService} performs each step with its own logic. */
    interface Steps {
        /** The execution and its job as they are now. */
        Progress progress();

        /** Claims up to {@code maxRows} rows from the cursor; empty when nothing was handed out (paused, terminal). */
        Optional<ObjectNode> claim(int maxRows);

        /** Commits a claim's outcomes; empty when the claim was superseded and its rows go to a later claim. */
        Optional<ObjectNode> commit(ObjectNode body);

        /** Gives the rows of a claim that was not applied back, so the next attempt claims them again at once. */
        void release(String claimId);

        /** Pauses the job: the attempt has completed its chunk budget. */
        void pauseForBudget();
    }

    /**
     * @param terminal      whether the execution has ended
     * @param jobRunning    whether the job runs (not paused, not ended)
     * @param attemptChunks chunks this attempt has completed
     * @param nextRowIndex  the cursor's row within its chunk
     * @param chunkSize     rows per chunk
     */
    record Progress(boolean terminal, boolean jobRunning, int attemptChunks, int nextRowIndex, int chunkSize) {
    }

    /** Why an attempt ended. */
    enum End {
        /** The execution is completed or failed. */
        TERMINAL,
        /** The job was paused (or ended) by something else than the budget, or nothing could be claimed. */
        STOPPED,
        /** The attempt completed its chunk budget and paused the job. */
        BUDGET_SPENT
    }

    /**
     * @param end            why the attempt ended
     * @param claims         claims this attempt applied and committed
     * @param promotedJobIds the jobs the terminal commit promoted; empty otherwise
     */
    record Outcome(End end, int claims, List<String> promotedJobIds) {
        Outcome {
            Objects.requireNonNull(end, "end");
            promotedJobIds = List.copyOf(promotedJobIds);
        }
    }

    /**
     * Runs the attempt.
     *
     * @param budget chunks the attempt may complete before it pauses the job; 0 = unlimited
     * @throws RuntimeException what the applier threw (the claim's rows were given back first) or what a step threw
     */
    static Outcome run(Steps steps, PushApplier applier, String jobId, int budget) {
        int claims = 0;
        List<String> promoted = List.of();
        while (true) {
            Progress now = steps.progress();
            if (now.terminal()) {
                return new Outcome(End.TERMINAL, claims, promoted);
            }
            if (!now.jobRunning()) {
                return new Outcome(End.STOPPED, claims, promoted);
            }
            if (budget > 0 && now.attemptChunks() >= budget) {
                steps.pauseForBudget();
                return new Outcome(End.BUDGET_SPENT, claims, promoted);
            }
            // to the end of the current chunk: every commit completes one chunk, so the budget counts whole chunks
            Optional<ObjectNode> claim = steps.claim(now.chunkSize() - now.nextRowIndex());
            if (claim.isEmpty()) {
                return new Outcome(steps.progress().terminal() ? End.TERMINAL : End.STOPPED, claims, promoted);
            }
            ObjectNode commit = apply(steps, applier, jobId, claim.get());
            Optional<ObjectNode> committed = steps.commit(commit);
            if (committed.isPresent()) {
                claims++;
                promoted = texts(committed.get().path("promoted_job_ids"));
            }
        }
    }

    /** The applier's commit body; when it fails, the claim's rows are given back before the failure goes on. */
    private static ObjectNode apply(Steps steps, PushApplier applier, String jobId, ObjectNode claim) {
        try {
            return applier.apply(jobId, claim);
        } catch (RuntimeException failed) {
            try {
                steps.release(claim.path("claim_id").asText());
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed); // the claim's lease still expires
            }
            throw failed;
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
