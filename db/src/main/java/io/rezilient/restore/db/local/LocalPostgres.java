package io.rezilient.restore.db.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * A private PostgreSQL 15 cluster on this machine, started with the system's own binaries ({@code initdb},
 * {@code pg_ctl}) — as the {@code postgres} OS user when we are root, since PostgreSQL refuses to run as root.
 *
 * <p>The server listens on 127.0.0.1 only, on a free port, with scram-sha-256 password logins for the user
 * {@value #USER} (its superuser, with a generated password) and its Unix socket inside the cluster's own
 * directory. Socket logins are trusted: only the server's OS user (and root) can enter that directory, and
 * {@code rez} uses the socket to repair a cluster whose saved password was lost.
 *
 * <p>Every operation works from a fresh process: the port, credentials and data directory are kept in a state
 * file of the cluster's home (see {@link ClusterHome} for where the files live). {@link #start()} is idempotent:
 * a running cluster gives back the same URL; a crashed one (stale {@code postmaster.pid}) or a stopped one is
 * started again on its data; a half-initialised one is initialised afresh.
 *
 * <p>Two {@linkplain Flavour flavours}: {@link #durable(Path)} for {@code rez pg} (data under rez's home, by
 * default the checkout's git-ignored {@code .rez/pg}) and {@link #throwaway()} for tests (a temporary directory, no fsync, stopped and
 * deleted when the JVM exits; clusters of test JVMs that were killed are swept on the next run).
 */
public final class LocalPostgres {
    /** The login user and its database. */
    public static final String USER = "rez";
    public static final String DATABASE = "rez";
    private static final String THROWAWAY_PREFIX = "rez-pg-test-";
    private static final String OWNER_PID_FILE = "owner.pid";
    private static final String DATA_DIR = "data";
    private static final String SERVER_LOG = "server.log";
    private static final String LOCAL_CONF = "rez-local.conf";
    private static final String PG_VERSION = "PG_VERSION";
    private static final String PID_FILE = "postmaster.pid";
    /** Line numbers (0-based) in postmaster.pid: the postmaster's pid and its port. */
    private static final int PID_LINE = 0;
    private static final int PORT_LINE = 3;
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final int PG_CTL_WAIT_SECONDS = 60;
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(PG_CTL_WAIT_SECONDS + 15);
    private static final Duration PSQL_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOGIN_TIMEOUT_SECONDS = 10;
    private static final int PORT_ATTEMPTS = 5;
    private static final int LOG_TAIL_CHARS = 2000;
    private static final int PASSWORD_LENGTH = 24;
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

    private final Flavour flavour;
    private final ClusterHome home;
    private final ServerUser user;
    private PostgresBinaries binaries;

    private LocalPostgres(Flavour flavour, ClusterHome home, ServerUser user, PostgresBinaries binaries) {
        this.flavour = flavour;
        this.home = home;
        this.user = user;
        this.binaries = binaries;
    }

    /**
     * The durable cluster kept in {@code home} (for {@code rez pg}: {@code <rez home>/pg}), created there on first
     * start. Only {@code home} itself is ours to open to the server user: a parent it cannot pass through sends the
     * cluster's files to the {@code /var/tmp} fallback of {@link ClusterHome} instead of loosening the caller's
     * directories.
     */
    public static LocalPostgres durable(Path home) {
        Path dir = home.toAbsolutePath().normalize();
        return new LocalPostgres(Flavour.DURABLE, new ClusterHome(dir, dir), ServerUser.detect(), null);
    }

    /** A new throwaway cluster in a temporary directory, deleted (stopped first) when the JVM exits. */
    public static LocalPostgres throwaway() {
        ServerUser user = ServerUser.detect();
        PostgresBinaries binaries = PostgresBinaries.locate(user);
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (!user.canTraverse(base)) {
            base = Path.of("/tmp");
        }
        sweepOrphans(base, user, binaries);
        Path dir;
        try {
            dir = Files.createTempDirectory(base, THROWAWAY_PREFIX);
            Files.writeString(dir.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory in " + base, e);
        }
        LocalPostgres postgres = new LocalPostgres(Flavour.THROWAWAY, new ClusterHome(dir, dir), user, binaries);
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::destroyQuietly, "rez-pg-throwaway-cleanup"));
        return postgres;
    }

    public Flavour flavour() {
        return flavour;
    }

    /** The directory with this cluster's state file (and its data, directly or through a link). */
    public Path home() {
        return home.dir();
    }

    /** Starts the cluster unless it is running; returns its JDBC URL (with user and password parameters). */
    public String start() {
        return locked(() -> {
            PostgresBinaries bin = binaries();
            Path clusterDir = home.prepareClusterDir(user);
            Path dataDir = clusterDir.resolve(DATA_DIR);
            Optional<ClusterState> saved = ClusterState.read(home.stateFile()).filter(s -> s.dataDir().equals(dataDir));
            if (!Files.exists(dataDir.resolve(PG_VERSION))) {
                saved = Optional.of(initialise(bin, clusterDir, dataDir));
            }
            OptionalInt running = runningPort(dataDir);
            int port = running.isPresent()
                    ? running.getAsInt()
                    : startServer(bin, clusterDir, dataDir, saved.map(ClusterState::port).orElse(0));
            String password = saved.filter(s -> canLogIn(port, s.password())).map(ClusterState::password)
                    .orElseGet(() -> resetPassword(bin, clusterDir, port));
            ensureDatabase(bin, clusterDir, port);
            ClusterState state = new ClusterState(port, USER, password, DATABASE, dataDir);
            state.write(home.stateFile());
            LOG.info("local PostgreSQL ({}) running on {}:{}, data in {}", flavour, ClusterState.HOST, port, dataDir);
            return state.jdbcUrl();
        });
    }

    /** Stops the server (fast shutdown; data is kept); returns false when it was not running. */
    public boolean stop() {
        return locked(() -> stopServer("fast"));
    }

    /** Whether the server runs, where, and how to reach it. Reads only; safe while another process starts it. */
    public LocalPostgresStatus status() {
        Optional<ClusterState> saved = ClusterState.read(home.stateFile());
        Optional<Path> dataDir = dataDir(saved);
        OptionalInt running = dataDir.map(LocalPostgres::runningPort).orElse(OptionalInt.empty());
        if (running.isEmpty()) {
            OptionalInt lastPort = saved.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
            return new LocalPostgresStatus(false, lastPort, dataDir, Optional.empty());
        }
        int port = running.getAsInt();
        Optional<String> url = saved.filter(s -> dataDir.get().equals(s.dataDir()))
                .map(s -> new ClusterState(port, s.user(), s.password(), s.database(), s.dataDir()).jdbcUrl());
        return new LocalPostgresStatus(true, running, dataDir, url);
    }

    /** The JDBC URL when the server is running. */
    public Optional<String> jdbcUrl() {
        return status().jdbcUrl();
    }

    /** Stops the server at once and deletes every file of this cluster, data included. */
    public void destroy() {
        locked(() -> {
            stopServer("immediate");
            home.delete();
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        ClusterHome.HeldLock lock = home.lock();
        try {
            return action.get();
        } finally {
            lock.close();
        }
    }

    private void destroyQuietly() {
        try {
            destroy();
        } catch (RuntimeException e) {
            LOG.warn("could not delete the throwaway PostgreSQL cluster in {}: {}", home.dir(), e.getMessage());
        }
    }

    private synchronized PostgresBinaries binaries() {
        if (binaries == null) {
            binaries = PostgresBinaries.locate(user);
        }
        return binaries;
    }

    private Optional<Path> dataDir(Optional<ClusterState> saved) {
        return saved.map(ClusterState::dataDir)
                .or(() -> home.existingClusterDir().map(dir -> dir.resolve(DATA_DIR)))
                .filter(dir -> Files.exists(dir.resolve(PG_VERSION)));
    }

    private boolean stopServer(String mode) {
        Optional<Path> dataDir = dataDir(ClusterState.read(home.stateFile()));
        if (dataDir.isEmpty() || runningPort(dataDir.get()).isEmpty()) {
            return false;
        }
        user.run(dataDir.get().getParent(), PG_CTL_TIMEOUT, List.of(binaries().tool("pg_ctl").toString(),
                        "-D", dataDir.get().toString(), "-m", mode, "-w", "-t", Integer.toString(PG_CTL_WAIT_SECONDS), "stop"))
                .orThrow("pg_ctl stop");
        return true;
    }

    /** initdb with a fresh password; anything left of an earlier, interrupted initdb is discarded. */
    private ClusterState initialise(PostgresBinaries bin, Path clusterDir, Path dataDir) {
        ClusterHome.deleteTree(dataDir);
        String password = newPassword();
        Path passwordFile = clusterDir.resolve("initdb.pw");
        try {
            writeServerFile(passwordFile, password + "\n");
            List<String> initdb = new ArrayList<>(List.of(bin.tool("initdb").toString(), "-D", dataDir.toString(),
                    "-U", USER, "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust",
                    "-E", "UTF8", "--locale=C.UTF-8"));
            initdb.addAll(flavour.initdbOptions());
            user.run(clusterDir, INITDB_TIMEOUT, initdb).orThrow("initdb");
            // our settings come last, so they win over initdb's defaults
            Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude '" + LOCAL_CONF + "'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot initialise the cluster in " + dataDir, e);
        } finally {
            ClusterHome.deleteTree(passwordFile);
        }
        return new ClusterState(0, USER, password, DATABASE, dataDir);
    }

    /** Starts the server on the preferred port when it is free, else on another; retries when a port is taken. */
    private int startServer(PostgresBinaries bin, Path clusterDir, Path dataDir, int preferredPort) {
        clearStalePidFile(dataDir);
        Path log = clusterDir.resolve(SERVER_LOG);
        int port = preferredPort > 0 && FreePorts.isFree(preferredPort) ? preferredPort : FreePorts.pick();
        for (int attempt = 1; ; attempt++) {
            writeServerFile(dataDir.resolve(LOCAL_CONF), serverSettings(clusterDir, port));
            CommandResult result = user.run(clusterDir, PG_CTL_TIMEOUT, List.of(bin.tool("pg_ctl").toString(),
                    "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", Integer.toString(PG_CTL_WAIT_SECONDS), "start"));
            if (result.succeeded()) {
                return port;
            }
            String logTail = CommandResult.tail(readQuietly(log), LOG_TAIL_CHARS);
            boolean portTaken = logTail.contains("could not bind") || logTail.contains("Address already in use");
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException("PostgreSQL did not start (pg_ctl exit " + result.exitCode() + "): "
                        + result.output().strip() + "\nserver log " + log + ":\n" + logTail);
            }
            port = FreePorts.pick();
        }
    }

    private String serverSettings(Path clusterDir, int port) {
        List<String> lines = new ArrayList<>(List.of(
                "# written by rez before every start; edits here are overwritten",
                "port = " + port,
                "listen_addresses = '" + ClusterState.HOST + "'",
                "unix_socket_directories = '" + clusterDir.toString().replace("'", "''") + "'"));
        lines.addAll(flavour.serverSettings());
        return String.join("\n", lines) + "\n";
    }

    private boolean canLogIn(int port, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        properties.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        String url = "jdbc:postgresql://" + ClusterState.HOST + ":" + port + "/" + MAINTENANCE_DATABASE;
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return connection.isValid(LOGIN_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives the user a new password over the trusted socket, for a cluster whose saved password is lost. */
    private String resetPassword(PostgresBinaries bin, Path clusterDir, int port) {
        String password = newPassword();
        psql(bin, clusterDir, port, "ALTER ROLE " + USER + " PASSWORD '" + password + "'").orThrow("setting the password");
        return password;
    }

    private void ensureDatabase(PostgresBinaries bin, Path clusterDir, int port) {
        String found = psql(bin, clusterDir, port, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")
                .orThrow("looking up database " + DATABASE).output().strip();
        if (found.isEmpty()) {
            psql(bin, clusterDir, port, "CREATE DATABASE " + DATABASE + " OWNER " + USER).orThrow("CREATE DATABASE " + DATABASE);
        }
    }

    private CommandResult psql(PostgresBinaries bin, Path clusterDir, int port, String sql) {
        return user.run(clusterDir, PSQL_TIMEOUT, List.of(bin.tool("psql").toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", clusterDir.toString(), "-p", Integer.toString(port),
                "-U", USER, "-d", MAINTENANCE_DATABASE, "-c", sql));
    }

    /** Writes a file the server reads (owned by the server user, private to it). */
    private void writeServerFile(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            user.handOver(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The port of the server that runs on {@code dataDir}, per its postmaster.pid, if its process is alive. */
    private static OptionalInt runningPort(Path dataDir) {
        List<String> lines = pidFileLines(dataDir);
        if (lines.size() <= PORT_LINE) {
            return OptionalInt.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(PID_LINE).strip());
            int port = Integer.parseInt(lines.get(PORT_LINE).strip());
            return isPostgresProcess(pid) ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (NumberFormatException unfinished) {
            return OptionalInt.empty();
        }
    }

    /**
     * A postmaster.pid whose process is gone (crash, reboot) or now belongs to another program (pid reuse) would
     * make PostgreSQL refuse to start; it is safe to remove once no postgres process holds it.
     */
    private static void clearStalePidFile(Path dataDir) {
        List<String> lines = pidFileLines(dataDir);
        if (lines.isEmpty()) {
            return;
        }
        try {
            if (!isPostgresProcess(Long.parseLong(lines.get(PID_LINE).strip()))) {
                LOG.info("removing the stale {} of a server that is no longer running", dataDir.resolve(PID_FILE));
                Files.deleteIfExists(dataDir.resolve(PID_FILE));
            }
        } catch (NumberFormatException | IOException e) {
            throw new IllegalStateException("cannot judge " + dataDir.resolve(PID_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static List<String> pidFileLines(Path dataDir) {
        try {
            return Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
        } catch (IOException absent) {
            return List.of();
        }
    }

    /** A zombie or another program shows no postgres command line. */
    private static boolean isPostgresProcess(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(process -> process.info().command())
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(false);
    }

    /** Deletes throwaway clusters whose test JVM died without running its shutdown hook (e.g. killed). */
    private static void sweepOrphans(Path base, ServerUser user, PostgresBinaries binaries) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, THROWAWAY_PREFIX + "*")) {
            for (Path dir : dirs) {
                OptionalLong owner = ownerPid(dir);
                if (owner.isPresent() && ProcessHandle.of(owner.getAsLong()).filter(ProcessHandle::isAlive).isEmpty()) {
                    LOG.info("deleting the orphaned throwaway cluster {}", dir);
                    new LocalPostgres(Flavour.THROWAWAY, new ClusterHome(dir, dir), user, binaries).destroyQuietly();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not sweep orphaned throwaway clusters in {}: {}", base, e.getMessage());
        }
    }

    private static OptionalLong ownerPid(Path dir) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(dir.resolve(OWNER_PID_FILE)).strip()));
        } catch (IOException | NumberFormatException notOurs) {
            return OptionalLong.empty();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String newPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }
}
