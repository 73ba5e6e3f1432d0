package io.rezilient.restore.db.local;

import java.util.List;

/** How a local cluster trades safety for speed. */
public enum Flavour {
    /** For {@code rez pg}: data survives crashes and restarts (fsync on, data checksums). */
    DURABLE(List.of("--data-checksums"), List.of()),
    /**
     * For tests: a crash may lose everything, which is fine because the cluster is deleted anyway; skipping the
     * flushes makes schema-heavy test suites several times faster.
     */
    THROWAWAY(List.of(), List.of("fsync = off", "synchronous_commit = off", "full_page_writes = off"));

    private final List<String> initdbOptions;
    private final List<String> serverSettings;

    Flavour(List<String> initdbOptions, List<String> serverSettings) {
        this.initdbOptions = initdbOptions;
        this.serverSettings = serverSettings;
    }

    List<String> initdbOptions() {
        return initdbOptions;
    }

    /** postgresql.conf lines on top of the ones every local cluster gets. */
    List<String> serverSettings() {
        return serverSettings;
    }
}
