package io.rezilient.restore.service.plans.query;

import java.util.List;

/** Conditions joined by {@code ^OR}: true when any of them holds. */
public record Disjunction(List<Condition> conditions) {
    public Disjunction {
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a disjunction needs at least one condition");
        }
    }

    public boolean matches(RecordFacts facts) {
        return conditions.stream().anyMatch(condition -> condition.matches(facts));
    }
}
