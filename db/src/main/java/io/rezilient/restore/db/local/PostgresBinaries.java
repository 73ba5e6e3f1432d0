package io.rezilient.restore.db.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL 15 server programs: from {@code $REZ_PG_BIN}, Debian's {@code /usr/lib/postgresql/15/bin}, or
 * {@code pg_config --bindir}. When none is found and we are root, installs the Debian package first (unless
 * {@code REZ_PG_AUTO_INSTALL=false}), because the README promises a fresh machine needs nothing else.
 */
record PostgresBinaries(Path binDir) {
    static final String BIN_DIR_ENV = "REZ_PG_BIN";
    static final String AUTO_INSTALL_ENV = "REZ_PG_AUTO_INSTALL";
    static final String DEBIAN_PACKAGE = "postgresql-15";
    private static final Path DEBIAN_BIN_DIR = Path.of("/usr/lib/postgresql/15/bin");
    private static final List<String> REQUIRED_TOOLS = List.of("initdb", "pg_ctl", "postgres", "psql");
    private static final Duration PG_CONFIG_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    Path tool(String name) {
        return binDir.resolve(name);
    }

    /** Finds the binaries, installing them when allowed; fails with the command that fixes it. */
    static PostgresBinaries locate(ServerUser user) {
        Optional<PostgresBinaries> found = find();
        if (found.isEmpty() && user.isRoot() && autoInstallAllowed()) {
            install();
            found = find();
        }
        return found.orElseThrow(() -> new IllegalStateException(
                "PostgreSQL 15 server binaries not found (looked at $" + BIN_DIR_ENV + ", " + DEBIAN_BIN_DIR
                        + " and `pg_config --bindir`); install them with `apt-get install -y " + DEBIAN_PACKAGE
                        + "` (as root) or point " + BIN_DIR_ENV + " at a directory holding " + REQUIRED_TOOLS));
    }

    static Optional<PostgresBinaries> find() {
        List<Path> candidates = new ArrayList<>();
        String fromEnv = System.getenv(BIN_DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            candidates.add(Path.of(fromEnv.trim()));
        }
        candidates.add(DEBIAN_BIN_DIR);
        pgConfigBinDir().ifPresent(candidates::add);
        return candidates.stream().filter(PostgresBinaries::hasAllTools).findFirst().map(PostgresBinaries::new);
    }

    private static boolean hasAllTools(Path dir) {
        return REQUIRED_TOOLS.stream().allMatch(tool -> Files.isExecutable(dir.resolve(tool)));
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            CommandResult result = ServerUser.exec(List.of("pg_config", "--bindir"), Path.of("/"), PG_CONFIG_TIMEOUT, Map.of());
            return result.succeeded() && !result.output().isBlank()
                    ? Optional.of(Path.of(result.output().strip())) : Optional.empty();
        } catch (RuntimeException notInstalled) {
            return Optional.empty();
        }
    }

    private static boolean autoInstallAllowed() {
        String value = System.getenv(AUTO_INSTALL_ENV);
        return value == null || value.isBlank() || !List.of("0", "false", "no", "off").contains(value.trim().toLowerCase());
    }

    /** {@code apt-get install}, refreshing the package lists once when the first attempt cannot find the package. */
    private static void install() {
        LOG.warn("PostgreSQL 15 is not installed; installing {} with apt-get (about a minute)", DEBIAN_PACKAGE);
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", DEBIAN_PACKAGE);
        try {
            if (!ServerUser.exec(install, Path.of("/"), APT_TIMEOUT, env).succeeded()) {
                ServerUser.exec(List.of("apt-get", "update", "-q"), Path.of("/"), APT_TIMEOUT, env).orThrow("apt-get update");
                ServerUser.exec(install, Path.of("/"), APT_TIMEOUT, env).orThrow("apt-get install " + DEBIAN_PACKAGE);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not install {}: {}", DEBIAN_PACKAGE, e.getMessage());
        }
    }
}
