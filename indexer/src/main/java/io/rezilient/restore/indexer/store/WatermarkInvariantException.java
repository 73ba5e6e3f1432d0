package io.rezilient.restore.indexer.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A batch held new events below their partition's watermark in the watermark's own generation (a rewind without a
 * new generation, indexer-spec §4). The whole batch was rolled back; {@link #violations()} names the events, so
 * the caller can set them aside (e.g. quarantine them) and write the rest.
 */
public final class WatermarkInvariantException extends IndexStoreException {
    private static final long serialVersionUID = 1L;
    private static final int NAMED_IN_MESSAGE = 5;

    /** One offending event. */
    public record Violation(PartitionKey partition, String generationId, String eventId, String manifestKey,
                            String offset, String watermarkOffset) {
        @Override
        public String toString() {
            return "event " + eventId + " of " + partition + " at offset " + offset + " is below the watermark "
                    + watermarkOffset + " of generation " + generationId + " (" + manifestKey + ")";
        }
    }

    private final transient List<Violation> violations;

    public WatermarkInvariantException(List<Violation> violations) {
        super(message(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String message(List<Violation> violations) {
        String named = violations.stream().limit(NAMED_IN_MESSAGE).map(Violation::toString)
                .collect(Collectors.joining("; "));
        String more = violations.size() > NAMED_IN_MESSAGE
                ? "; and " + (violations.size() - NAMED_IN_MESSAGE) + " more" : "";
        return "watermark invariant violated, batch rejected: a lower offset in the same generation needs a new"
                + " generation id: " + named + more;
    }
}
