package io.rezilient.restore.service.index;

import java.util.Collection;
import java.util.List;

/** Authoritative watermark reads with freshness measured at the time of the read (service-spec §4.7). */
public interface WatermarkReader {
    /**
     * Exactly one watermark per requested partition, sorted by topic then partition; a partition without a row
     * is a synthetic unknown one ({@code blocked_freshness_unknown}).
     *
     * @throws RestoreIndexUnavailableException when the index cannot be read
     */
    List<AuthoritativeWatermark> forPartitions(IndexScope scope, Collection<PartitionRef> partitions);

    /**
     * Every partition of the source: those with a watermark, plus those only an open quarantine names (unknown),
     * sorted by topic then partition. Empty when the source has neither.
     *
     * @throws RestoreIndexUnavailableException when the index cannot be read
     */
    List<AuthoritativeWatermark> forSource(IndexScope scope);
}
