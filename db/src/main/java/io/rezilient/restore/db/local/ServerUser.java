package io.rezilient.restore.db.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operating-system user the PostgreSQL server runs as. PostgreSQL refuses to run as root, so when we are root
 * every server command runs as the {@code postgres} user (through {@code runuser}) and every file the server
 * touches is handed over to that user; otherwise the server simply runs as us.
 */
final class ServerUser {
    static final String POSTGRES_OS_USER = "postgres";
    private static final String RUNUSER = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "runuser";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final boolean root;

    private ServerUser(boolean root) {
        this.root = root;
    }

    static ServerUser detect() {
        return new ServerUser(effectiveUid() == 0);
    }

    boolean isRoot() {
        return root;
    }

    /** Runs {@code command} as the server user in {@code workDir}, which that user must be able to enter. */
    CommandResult run(Path workDir, Duration timeout, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of(RUNUSER, "-u", POSTGRES_OS_USER, "--"));
        }
        full.addAll(command);
        return exec(full, workDir, timeout, Map.of());
    }

    /** True when the server user can enter {@code dir}, i.e. may search it and every directory above it. */
    boolean canTraverse(Path dir) {
        if (!root) {
            return Files.isDirectory(dir) && Files.isExecutable(dir);
        }
        return run(Path.of("/"), PROBE_TIMEOUT, List.of("test", "-d", dir.toString(), "-a", "-x", dir.toString()))
                .succeeded();
    }

    /** Makes the server user the owner of {@code path} (no-op when the server runs as us). */
    void handOver(Path path) {
        if (!root) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = lookup.lookupPrincipalByName(POSTGRES_OS_USER);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(POSTGRES_OS_USER);
            PosixFileAttributeView view =
                    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + path + " over to the " + POSTGRES_OS_USER
                    + " user (does it exist? `apt-get install -y postgresql-15` creates it)", e);
        }
    }

    /** True when {@code path} is owned by the server user. */
    boolean owns(Path path) throws IOException {
        String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        return owner.equals(root ? POSTGRES_OS_USER : System.getProperty("user.name"));
    }

    /**
     * Runs a command and collects its combined output. Inherited {@code PG*} variables are dropped so that a stray
     * {@code PGDATA} or {@code PGPORT} in the caller's shell cannot redirect our commands.
     */
    static CommandResult exec(List<String> command, Path workDir, Duration timeout, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                    runnable -> Thread.ofVirtual().start(runnable));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new CommandResult(command, process.exitValue(), output.get(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot collect the output of " + command.getFirst(), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int effectiveUid() {
        try {
            // /proc/self belongs to the process's effective user
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }
}
