package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.CanonicalJson;

/**
 * The deterministic {@code plan_hash} (service-spec §4.9): SHA-256 over the canonical JSON of the
 * <em>parsed</em> {@code RestorePlanHashInput}, so hex case, offset spelling and an omitted
 * {@code media_candidates} do not change the hash.
 */
public final class PlanHash {
    private PlanHash() {
    }

    /**
     * Validates and normalises {@code input}, then hashes it.
     *
     * @throws io.rezilient.restore.contracts.validation.ValidationException naming the first broken rule
     */
    public static PlanHashResult compute(JsonNode input) {
        return ofParsed(PlanHashInputSchema.SCHEMA.parse(input).valueOrThrow());
    }

    /** Hashes an input that already went through {@link PlanHashInputSchema#SCHEMA}. */
    public static PlanHashResult ofParsed(JsonNode parsedInput) {
        String canonical = CanonicalJson.stringify(parsedInput);
        return new PlanHashResult(CanonicalJson.sha256Hex(canonical), canonical);
    }

    /**
     * @param planHash      lower-case hex SHA-256 of {@code canonicalJson}
     * @param canonicalJson the exact text that was hashed
     */
    public record PlanHashResult(String planHash, String canonicalJson) {
    }
}
