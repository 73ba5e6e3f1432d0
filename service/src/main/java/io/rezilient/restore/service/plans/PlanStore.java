package io.rezilient.restore.service.plans;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stored dry-run plans, drafts and finalised plans (service-spec §3.3, §4.6, §4.9). A plan can have ~100,000
 * rows, so rows are only ever streamed, never returned as a collection. Every method throws
 * {@link PlanStoreUnavailableException} when the store fails.
 */
public interface PlanStore {
    Optional<PlanHeader> findHeader(PlanKey key);

    /** The few facts job creation checks, without reading the plan's larger parts; none when there is no plan. */
    Optional<PlanFacts> findFacts(PlanKey key);

    /** Streams a plan's rows in {@code row_id} order (byte-wise) in constant memory; none when there is no plan. */
    void streamRows(PlanKey key, Consumer<DraftRow> consumer);

    /**
     * Starts writing a new draft. Two dry-runs of one key are serialised: the second waits until the first ends,
     * then sees its plan and gets {@link DraftStart.Exists}.
     */
    DraftStart beginDraft(PlanKey key);

    /** Starts finalising the draft of {@code key}, locking it against a concurrent finalisation. */
    FinalizeStart beginFinalize(PlanKey key);

    /** What {@link #beginDraft} found. */
    sealed interface DraftStart {
        /** No plan had this key: write the draft with {@code writer} (and close it). */
        record Opened(DraftWriter writer) implements DraftStart {
        }

        /** A draft or finalised plan already has this key; nothing was started. */
        record Exists(PlanHeader existing) implements DraftStart {
        }
    }

    /** What {@link #beginFinalize} found. */
    sealed interface FinalizeStart {
        /** No plan has this key. */
        record Missing() implements FinalizeStart {
        }

        /** The plan is already finalised; nothing was started. */
        record AlreadyFinalized(PlanHeader plan) implements FinalizeStart {
        }

        /** A draft, now locked: finalise it with {@code finalization} (and close it). */
        record Opened(Finalization finalization) implements FinalizeStart {
        }
    }
}
