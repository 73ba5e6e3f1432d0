package io.rezilient.restore.db.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * What another process needs to reach a local cluster, kept in a small properties file next to it (mode 0600:
 * it holds the password).
 *
 * @param port     TCP port on {@value #HOST}
 * @param user     login user (the cluster's superuser)
 * @param password its generated password
 * @param database the database the JDBC URL names
 * @param dataDir  the cluster's data directory
 */
record ClusterState(int port, String user, String password, String database, Path dataDir) {
    static final String HOST = "127.0.0.1";

    /** The JDBC URL with credentials as parameters; passwords are alphanumeric, so nothing needs escaping. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database + "?user=" + user + "&password=" + password;
    }

    /** The saved state, or empty when there is none or it is unreadable (then the cluster is re-keyed). */
    static Optional<ClusterState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return Optional.of(new ClusterState(Integer.parseInt(properties.getProperty("port")),
                    properties.getProperty("user"), properties.getProperty("password"),
                    properties.getProperty("database"), Path.of(properties.getProperty("dataDir"))));
        } catch (IOException | RuntimeException corrupt) {
            return Optional.empty();
        }
    }

    /** Writes atomically: a concurrent reader sees the old state or the new one, never half of it. */
    void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("database", database);
        properties.setProperty("dataDir", dataDir.toString());
        try {
            Path temp = Files.createTempFile(file.getParent(), ".state", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "rez local PostgreSQL; written by rez pg start");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "ClusterState[port=" + port + ", user=" + user + ", database=" + database + ", dataDir=" + dataDir + "]";
    }
}
