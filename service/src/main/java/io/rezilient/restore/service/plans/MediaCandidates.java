package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;

/** Counts over a plan's media candidates (service-spec §4.8). */
final class MediaCandidates {
    private MediaCandidates() {
    }

    /** Candidates with this {@code decision} ({@code include} → attachment_apply, {@code exclude} → skip). */
    static long count(Iterable<? extends JsonNode> candidates, String decision) {
        long count = 0;
        for (JsonNode candidate : candidates) {
            if (decision.equals(candidate.path("decision").asText(null))) {
                count++;
            }
        }
        return count;
    }

    /** Candidates without a decision, which block the gate. */
    static int unresolved(JsonNode candidates) {
        return Decisions.undecided(candidates);
    }
}
