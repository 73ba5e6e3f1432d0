package io.rezilient.restore.cli;

import java.nio.file.Path;

/**
 * The project-local state directory: {@code <project>/.rez} (git-ignored), where the project root is {@code REZ_HOME}
 * (set by the {@code rez} launcher) or else the working directory.
 */
final class ProjectHome {
    static final String PROJECT_ROOT_ENV = "REZ_HOME";
    static final String STATE_DIR = ".rez";

    private ProjectHome() {
    }

    static Path root() {
        String fromEnv = System.getenv(PROJECT_ROOT_ENV);
        return (fromEnv == null || fromEnv.isBlank() ? Path.of("") : Path.of(fromEnv.trim())).toAbsolutePath().normalize();
    }

    /** {@code <project>/.rez/<first>/<more…>}. */
    static Path state(String first, String... more) {
        return root().resolve(STATE_DIR).resolve(Path.of(first, more));
    }
}
