package io.rezilient.restore.contracts.conformance;

import java.util.ArrayList;
import java.util.List;

/** The conformance families whose behaviour lives in the {@code contracts} module. */
public final class ContractFamilies {
    private ContractFamilies() {
    }

    public static List<ConformanceFamily> all() {
        List<ConformanceFamily> all = new ArrayList<>();
        all.addAll(jsonAndSchemaFamilies());
        all.addAll(timeIdAndCursorFamilies());
        return all;
    }

    /** canonical_json, plan_hash, cloudevents. */
    static List<ConformanceFamily> jsonAndSchemaFamilies() {
        return List.of(new io.rezilient.restore.contracts.json.CanonicalJsonFamily(),
                new io.rezilient.restore.contracts.plan.PlanHashFamily(),
                new io.rezilient.restore.contracts.events.CloudEventsFamily());
    }

    /** offsets_and_times, pit_order, ids, source_cursor, freshness. */
    static List<ConformanceFamily> timeIdAndCursorFamilies() {
        return List.of(new io.rezilient.restore.contracts.time.OffsetsAndTimesFamily(),
                new io.rezilient.restore.contracts.pit.PitOrderFamily(),
                new io.rezilient.restore.contracts.ids.IdsFamily(),
                new io.rezilient.restore.contracts.cursor.SourceCursorFamily(),
                new io.rezilient.restore.contracts.freshness.FreshnessFamily());
    }
}
