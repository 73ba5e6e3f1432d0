package io.rezilient.restore.service;

import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.service.evidence.EvidenceFamily;
import io.rezilient.restore.service.plans.DryRunGateFamily;
import io.rezilient.restore.service.plans.MaterializationFamily;

import java.util.List;

/** The conformance families whose behaviour lives in the {@code service} module. */
public final class ServiceFamilies {
    private ServiceFamilies() {
    }

    /** materialization, dry_run_gate, evidence. */
    public static List<ConformanceFamily> all() {
        return List.of(new MaterializationFamily(), new DryRunGateFamily(), new EvidenceFamily());
    }
}
