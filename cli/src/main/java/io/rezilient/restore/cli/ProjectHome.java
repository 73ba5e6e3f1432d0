package io.rezilient.restore.cli;

import io.rezilient.restore.db.local.LocalPostgres;

import java.nio.file.Path;
import java.util.Map;

/**
 * rez's home: the directory where local state lives (the {@code rez pg} cluster in {@code pg/}, the demo in
 * {@code demo/}, the default keyring, objects and ground truth). It is {@code REZ_HOME}, which the {@code rez}
 * launcher defaults to {@code <checkout>/.rez} (git-ignored) and leaves alone when it is set, so the state can live
 * outside the checkout; without the launcher and without {@code REZ_HOME} it is {@code .rez} in the working
 * directory.
 */
final class ProjectHome {
    static final String HOME_ENV = "REZ_HOME";
    static final String DEFAULT_DIR = ".rez";
    static final String CLUSTER_DIR = "pg";

    private ProjectHome() {
    }

    static Path root() {
        return root(System.getenv());
    }

    static Path root(Map<String, String> environment) {
        String fromEnv = environment.get(HOME_ENV);
        return (fromEnv == null || fromEnv.isBlank() ? Path.of(DEFAULT_DIR) : Path.of(fromEnv.strip()))
                .toAbsolutePath().normalize();
    }

    /** {@code <home>/<first>/<more…>}. */
    static Path state(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    /** The local cluster of {@code home} (null: rez's home), kept in {@code <home>/pg}. */
    static LocalPostgres cluster(Path home) {
        return LocalPostgres.durable((home != null ? home.toAbsolutePath().normalize() : root()).resolve(CLUSTER_DIR));
    }
}
