package io.rezilient.restore.db.local;

import io.rezilient.restore.db.PgUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The operator's view of a local cluster: start, url, status, stop, start again — and the ways it breaks. */
class LocalPostgresIT {
    private final List<LocalPostgres> created = new ArrayList<>();

    @AfterEach
    void deleteClusters() {
        created.forEach(LocalPostgres::destroy);
    }

    @Test
    void throwawayClusterStartsIdempotentlyStopsAndStartsAgain() throws Exception {
        LocalPostgres postgres = track(LocalPostgres.throwaway());
        assertThat(postgres.status().running()).isFalse();
        assertThat(postgres.jdbcUrl()).isEmpty();

        String url = postgres.start();
        assertThat(postgres.start()).as("a second start finds the running server").isEqualTo(url);
        assertThat(postgres.jdbcUrl()).contains(url);
        LocalPostgresStatus running = postgres.status();
        assertThat(running.running()).isTrue();
        assertThat(running.port()).hasValue(port(url));
        assertThat(running.dataDir()).hasValueSatisfying(dir -> assertThat(dir.resolve("PG_VERSION")).exists());
        assertThat(query(url, "SHOW fsync")).isEqualTo("off");
        assertThat(query(url, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(query(url, "SELECT current_user || '@' || current_database()")).isEqualTo("rez@rez");

        assertThat(postgres.stop()).isTrue();
        assertThat(postgres.status().running()).isFalse();
        assertThat(postgres.jdbcUrl()).isEmpty();
        assertThat(postgres.stop()).as("stopping a stopped cluster is a no-op").isFalse();

        String again = postgres.start();
        assertThat(query(again, "SELECT 1")).isEqualTo("1");
        assertThat(PgUrl.parse(again).query()).as("same credentials after a restart").isEqualTo(PgUrl.parse(url).query());

        Path home = postgres.home();
        postgres.destroy();
        assertThat(home).doesNotExist();
    }

    @Test
    void durableClusterKeepsDataAcrossACrashAndAStalePidFile(@TempDir Path scratch) throws Exception {
        Path project = openProjectDir(scratch);
        LocalPostgres postgres = track(LocalPostgres.durable(project.resolve(".rez/pg")));
        String url = postgres.start();
        assertThat(query(url, "SHOW fsync")).isEqualTo("on");
        execute(url, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
        Path dataDir = postgres.status().dataDir().orElseThrow();

        // the postmaster dies without shutting down: its postmaster.pid stays behind
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip())).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get();
        assertThat(dataDir.resolve("postmaster.pid")).exists();
        assertThat(postgres.status().running()).isFalse();

        String restarted = postgres.start();
        assertThat(query(restarted, "SELECT v FROM kept")).isEqualTo("42");

        // a stopped cluster whose postmaster.pid names a live process that is not postgres (pid reuse)
        assertThat(postgres.stop()).isTrue();
        Files.writeString(dataDir.resolve("postmaster.pid"),
                ProcessHandle.current().pid() + "\n" + dataDir + "\n0\n" + port(restarted) + "\n");
        assertThat(postgres.status().running()).isFalse();
        assertThat(query(postgres.start(), "SELECT v FROM kept")).isEqualTo("42");
    }

    @Test
    void anotherProcessSeesTheSameClusterAndALostStateFileIsRepaired(@TempDir Path scratch) throws Exception {
        Path project = openProjectDir(scratch);
        LocalPostgres first = track(LocalPostgres.durable(project.resolve(".rez/pg")));
        String url = first.start();
        assertThat(project.resolve(".rez/pg/state.properties")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(project.resolve(".rez/pg/state.properties"))))
                .as("the state file holds a password").isEqualTo("rw-------");

        LocalPostgres second = LocalPostgres.durable(project.resolve(".rez/pg")); // as `rez pg url` in a new process would
        assertThat(second.jdbcUrl()).contains(url);
        assertThat(second.start()).isEqualTo(url);

        Files.delete(project.resolve(".rez/pg/state.properties"));
        assertThat(second.jdbcUrl()).as("without credentials there is no URL to give").isEmpty();
        String repaired = second.start();
        assertThat(port(repaired)).as("the running server is kept").isEqualTo(port(url));
        assertThat(query(repaired, "SELECT 1")).isEqualTo("1");
        assertThat(second.stop()).isTrue();
        assertThat(first.status().running()).isFalse();
    }

    /** The README's way to move a cluster: stop it, `mv` its home, start it from the new home. */
    @Test
    void aStoppedClusterMovedToAnotherHomeStartsThereWithItsData(@TempDir Path scratch) throws Exception {
        Path project = openProjectDir(scratch);
        LocalPostgres original = LocalPostgres.durable(project.resolve(".rez/pg"));
        String url = original.start();
        execute(url, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
        assertThat(original.stop()).isTrue();

        Path moved = Files.createDirectories(scratch.resolve("srv/rez")).resolve("pg");
        Files.move(project.resolve(".rez/pg"), moved); // a rename, as `mv` on one file system: owners and modes kept
        LocalPostgres relocated = track(LocalPostgres.durable(moved));
        String restarted = relocated.start();

        assertThat(query(restarted, "SELECT v FROM kept")).isEqualTo("7");
        assertThat(relocated.status().dataDir()).contains(moved.resolve("cluster/data"));
        assertThat(project.resolve(".rez/pg")).doesNotExist();
    }

    @Test
    void projectThePostgresUserCannotReachKeepsItsClusterUnderVarTmp(@TempDir Path scratch) throws Exception {
        assumeTrue(ServerUser.detect().isRoot(), "only root hands the cluster to another OS user");
        Path project = Files.createDirectories(scratch.resolve("clone"));
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------")); // like `mktemp -d`
        LocalPostgres postgres = track(LocalPostgres.durable(project.resolve(".rez/pg")));

        String url = postgres.start();

        Path link = project.resolve(".rez/pg/cluster");
        assertThat(link).isSymbolicLink();
        Path target = Files.readSymbolicLink(link);
        assertThat(target.toString()).startsWith("/var/tmp/rez-pg-");
        assertThat(postgres.status().dataDir()).contains(target.resolve("data"));
        assertThat(query(url, "SELECT 1")).isEqualTo("1");
        postgres.destroy();
        assertThat(target).doesNotExist();
    }

    private LocalPostgres track(LocalPostgres postgres) {
        created.add(postgres);
        return postgres;
    }

    /** JUnit's temporary directories are 0700; an ordinary checkout is world-searchable. */
    private static Path openProjectDir(Path scratch) throws Exception {
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Files.createDirectories(scratch.resolve("project"));
    }

    private static int port(String url) {
        String hostSpec = PgUrl.parse(url).hostSpec();
        return Integer.parseInt(hostSpec.substring(hostSpec.lastIndexOf(':') + 1));
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection connection = PgUrl.parse(url).dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = PgUrl.parse(url).dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
