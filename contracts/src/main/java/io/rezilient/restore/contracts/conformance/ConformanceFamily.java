package io.rezilient.restore.contracts.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the cases of one conformance vector family (one {@code vectors/<family>.json} file) against our code.
 * Each module that owns a family's behaviour provides its implementation; the CLI registers them all.
 */
public interface ConformanceFamily {
    /** The {@code family} value of the vector file this implementation runs, e.g. {@code plan_hash}. */
    String name();

    /**
     * Runs one case and compares our output with the reference's {@code expected} or {@code expected_error}.
     *
     * @param vectorCase the whole case object ({@code name}, {@code tags}, {@code op}, {@code input}, …)
     * @param file       the whole vector file, for families whose cases refer to file-level data (signing keys)
     */
    CaseResult run(JsonNode vectorCase, JsonNode file);
}
