package io.rezilient.restore.service.index;

import io.rezilient.restore.contracts.pit.PitOrdering;
import io.rezilient.restore.contracts.pit.PitTuple;

import java.util.List;
import java.util.Objects;

/**
 * The PIT winner of one record (service-spec §4.4) by the shared {@link PitOrdering}: media events are left out,
 * every remaining candidate needs {@code sys_updated_on}, the scan keeps the first maximum, and the winning tuple
 * must match exactly one candidate as stored ({@link IndexedEvent#isCandidateOf}).
 */
public final class PitWinner {
    private PitWinner() {
    }

    /** Outcome kinds, named after the planner's reason codes. */
    public enum Status {
        RESOLVED,
        /** {@code missing_pit_candidates}: no row-capable candidate, or one without sys_updated_on. */
        MISSING_PIT_CANDIDATES,
        /** {@code ambiguous_pit_candidates}: the winning tuple matches more than one candidate. */
        AMBIGUOUS_PIT_CANDIDATES
    }

    /** @param winner the winning event when {@link Status#RESOLVED}, else null */
    public record Selection(Status status, IndexedEvent winner) {
        public Selection {
            Objects.requireNonNull(status, "status");
            if ((status == Status.RESOLVED) != (winner != null)) {
                throw new IllegalArgumentException("exactly a resolved selection has a winner");
            }
        }
    }

    /** Selects among {@code candidates}, which keep their §4.3 order (the first of equal maxima wins). */
    public static Selection select(List<IndexedEvent> candidates) {
        List<IndexedEvent> rows = candidates.stream().filter(IndexedEvent::rowCapable).toList();
        if (rows.isEmpty() || rows.stream().anyMatch(event -> event.sysUpdatedOn() == null)) {
            return new Selection(Status.MISSING_PIT_CANDIDATES, null);
        }
        List<PitTuple> tuples = rows.stream().map(IndexedEvent::pitTuple).toList();
        PitTuple best = tuples.get(PitOrdering.selectLatestIndex(tuples));
        List<IndexedEvent> matching = rows.stream().filter(event -> event.isCandidateOf(best)).toList();
        return switch (matching.size()) {
            case 0 -> new Selection(Status.MISSING_PIT_CANDIDATES, null);
            case 1 -> new Selection(Status.RESOLVED, matching.get(0));
            default -> new Selection(Status.AMBIGUOUS_PIT_CANDIDATES, null);
        };
    }
}
