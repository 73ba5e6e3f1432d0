package io.rezilient.restore.service.index;

/**
 * Totals of one streamed lookup.
 *
 * @param records               records handed to the consumer
 * @param candidates            events at or before the cutoff
 * @param recordsCreatedAfterPit records with events only after the cutoff (0 unless asked for)
 */
public record LookupSummary(long records, long candidates, long recordsCreatedAfterPit) {
    /** {@code covered} in §4.3 terms: at least one candidate at or before the cutoff. */
    public boolean covered() {
        return candidates > 0;
    }
}
