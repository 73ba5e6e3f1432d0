package io.rezilient.restore.indexer.lease;

import java.util.Optional;

/**
 * What a {@link LeaseKeeper} knows about its lease.
 *
 * @param status what the worker may do
 * @param grant  the latest grant; null until the first one
 * @param term   increments each time leadership (re)starts: a worker that sees a new term must reload the cursor
 *               before writing, because another holder may have moved it in between
 * @param detail why the state is what it is, for logs and status output
 */
public record LeaseState(Status status, LeaseGrant grant, long term, String detail) {
    public enum Status {
        /** Not held: another worker leads, no attempt has finished yet, or the keeper released the lease. */
        STANDBY("standby"),
        /** Held and renewed in time: the worker may write under {@link #grant()}. */
        HELD("held"),
        /** Was held, then a renewal failed or found another holder: the worker must stop writing. */
        LOST("lost");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** Lower-case name for logs and metrics. */
        public String label() {
            return label;
        }
    }

    /** Before the first attempt. */
    static final LeaseState INITIAL = new LeaseState(Status.STANDBY, null, 0, "no lease attempt yet");

    /** The grant a worker may write under: present only while {@link Status#HELD}. */
    public Optional<LeaseGrant> writableGrant() {
        return status == Status.HELD ? Optional.of(grant) : Optional.empty();
    }
}
