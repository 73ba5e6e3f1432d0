package io.rezilient.restore.indexer;

import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.indexer.normalize.MetadataNormalizationFamily;

import java.util.List;

/** The conformance families whose behaviour lives in the {@code indexer} module. */
public final class IndexerFamilies {
    private IndexerFamilies() {
    }

    /** metadata_normalization (freshness moved to contracts: the service evaluates the same gate). */
    public static List<ConformanceFamily> all() {
        return List.of(new MetadataNormalizationFamily());
    }
}
