package io.rezilient.restore.db.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The directory of one local cluster, for example {@code <project>/.rez/pg}. It holds our files — the state file
 * (port, credentials, data directory) and a lock file — and {@code cluster}, the directory the server user owns
 * (data directory, server log, Unix socket).
 *
 * <p><b>Where {@code cluster} really lives.</b> PostgreSQL runs as the {@code postgres} OS user when we are root,
 * and that user must be able to reach its directory through every parent. A fresh clone often sits under a
 * root-only directory ({@code mktemp -d} makes 0700 ones), and a deep path can also exceed the 107-byte limit of
 * a Unix socket path. In either case {@code cluster} is a symbolic link to {@code /var/tmp/rez-pg-<hash>}, a
 * postgres-owned 0700 directory keyed by a hash of this directory's path: {@code /var/tmp} survives reboots (unlike
 * {@code /tmp}), the link keeps the cluster discoverable from the project, and the state file records the real
 * data directory. Otherwise {@code cluster} is an ordinary sub-directory handed over to the server user.
 */
final class ClusterHome {
    static final String STATE_FILE = "state.properties";
    private static final String LOCK_FILE = "lock";
    private static final String CLUSTER = "cluster";
    private static final Path FALLBACK_BASE = Path.of("/var/tmp");
    private static final String FALLBACK_PREFIX = "rez-pg-";
    /** sun_path holds 108 bytes including the NUL; the socket file is {@code .s.PGSQL.<port>} in the cluster dir. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final String SOCKET_FILE_FOR_LONGEST_PORT = "/.s.PGSQL.65535";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** In-process half of the start/stop lock; the file lock covers other processes. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(ClusterHome.class);

    private final Path dir;
    /** The topmost directory we created for this home and may open for traversal (the home itself or above). */
    private final Path ownedTop;

    ClusterHome(Path dir, Path ownedTop) {
        this.dir = dir.toAbsolutePath().normalize();
        this.ownedTop = ownedTop.toAbsolutePath().normalize();
        if (!this.dir.startsWith(this.ownedTop)) {
            throw new IllegalArgumentException(dir + " is not inside " + ownedTop);
        }
    }

    Path dir() {
        return dir;
    }

    Path stateFile() {
        return dir.resolve(STATE_FILE);
    }

    /** The server's directory if it was ever prepared (following the fallback link). */
    Optional<Path> existingClusterDir() {
        Path link = dir.resolve(CLUSTER);
        try {
            if (Files.isSymbolicLink(link)) {
                return Optional.of(Files.readSymbolicLink(link));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link " + link, e);
        }
        return Files.isDirectory(link) ? Optional.of(link) : Optional.empty();
    }

    /** The server's directory, created (project-local or in the fallback) and owned by the server user. */
    Path prepareClusterDir(ServerUser user) {
        try {
            createOpenDirectories(user);
            Path link = dir.resolve(CLUSTER);
            if (Files.isSymbolicLink(link)) {
                Path target = Files.readSymbolicLink(link);
                prepareFallback(target, user);
                return target;
            }
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                return link;
            }
            if (user.canTraverse(dir) && socketPathFits(link)) {
                createOwnedDirectory(link, user);
                return link;
            }
            Path fallback = FALLBACK_BASE.resolve(FALLBACK_PREFIX + shortHash(dir));
            prepareFallback(fallback, user);
            Files.createSymbolicLink(link, fallback);
            LOG.info("the {} user cannot use {} (unreachable or too deep for a socket); the cluster lives in {}",
                    ServerUser.POSTGRES_OS_USER, link, fallback);
            return fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster directory under " + dir, e);
        }
    }

    /** A held lock; closing releases it. */
    interface HeldLock extends AutoCloseable {
        @Override
        void close();
    }

    /** Serialises start/stop/destroy of this home across threads and processes. */
    HeldLock lock() {
        ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(dir, ignored -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            return () -> {
                try (channel) {
                    fileLock.release();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot unlock " + dir, e);
                } finally {
                    inProcess.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            inProcess.unlock();
            throw e instanceof IOException io ? new UncheckedIOException("cannot lock " + dir, io) : (RuntimeException) e;
        }
    }

    /** Deletes this home, and the fallback directory it links to, without following any other link. */
    void delete() {
        Optional<Path> cluster = existingClusterDir();
        cluster.filter(target -> !target.startsWith(dir)).ifPresent(ClusterHome::deleteTree);
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Creates the home and lets the server user pass through the directories we own (never others'). */
    private void createOpenDirectories(ServerUser user) throws IOException {
        Files.createDirectories(dir);
        if (!user.isRoot()) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(ownedTop); p = p.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, permissions);
            }
        }
    }

    private static boolean socketPathFits(Path clusterDir) {
        return (clusterDir + SOCKET_FILE_FOR_LONGEST_PORT).getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH_BYTES;
    }

    /** Uses an existing fallback only if it is a real directory of the server user: /var/tmp is shared by all. */
    private static void prepareFallback(Path fallback, ServerUser user) throws IOException {
        if (!Files.exists(fallback, LinkOption.NOFOLLOW_LINKS)) {
            createOwnedDirectory(fallback, user);
            return;
        }
        if (!Files.isDirectory(fallback, LinkOption.NOFOLLOW_LINKS) || !user.owns(fallback)) {
            throw new IllegalStateException("refusing to use " + fallback + " for the local cluster: it is not a "
                    + "directory owned by the server user; remove it and retry");
        }
    }

    private static void createOwnedDirectory(Path path, ServerUser user) throws IOException {
        Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(path, OWNER_ONLY); // the umask may have narrowed the mode at creation
        user.handOver(path);
    }

    private static String shortHash(Path path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
