package io.rezilient.restore.contracts.plan;

import io.rezilient.restore.contracts.pit.PitAlgorithm;

/**
 * Version tags of the restore plan contract (service-spec §0). A plan-hash input must quote them verbatim, and
 * they are part of every hash: changing one changes every {@code plan_hash}.
 */
public final class PlanContract {
    /** {@code contract_version} of plans and plan-hash inputs. */
    public static final String RESTORE_CONTRACT_VERSION = "restore.contracts.v1";
    /** {@code plan_hash_input_version}: the canonical-JSON layout the hash is computed over. */
    public static final String PLAN_HASH_INPUT_VERSION = "plan-hash-input.v1";
    /** {@code plan_hash_algorithm}. */
    public static final String PLAN_HASH_ALGORITHM = "sha256";
    /** {@code pit.pit_algorithm_version}; defined by {@link PitAlgorithm}. */
    public static final String PIT_ALGORITHM_VERSION = PitAlgorithm.VERSION;
    /** {@code metadata_allowlist_version} of plans and {@code allowlist_version} of row metadata envelopes. */
    public static final String METADATA_ALLOWLIST_VERSION = "rrs.metadata.allowlist.v1";

    private PlanContract() {
    }
}
