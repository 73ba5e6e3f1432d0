package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.JsonNode;

/** Operator decisions on candidates (delete or media): a candidate without one blocks the gate (§4.8). */
final class Decisions {
    private Decisions() {
    }

    static int undecided(JsonNode candidates) {
        int count = 0;
        for (JsonNode candidate : candidates) {
            if (!candidate.hasNonNull("decision")) {
                count++;
            }
        }
        return count;
    }
}
