package io.rezilient.restore.service.locks;

import java.util.List;
import java.util.Objects;

/**
 * Why a queued job waits: the tables of its scope that another job holds or that an older queued job waits for
 * (head-of-line fairness), and those jobs. Both sorted; empty for a job that does not wait.
 */
public record Blockers(List<String> tables, List<String> jobIds) {
    private static final Blockers NONE = new Blockers(List.of(), List.of());

    public Blockers {
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        jobIds = List.copyOf(Objects.requireNonNull(jobIds, "jobIds"));
    }

    public static Blockers none() {
        return NONE;
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
