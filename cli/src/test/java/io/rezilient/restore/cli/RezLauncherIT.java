package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./rez} launcher keeps a caller's {@code REZ_HOME} and defaults it to the checkout's {@code .rez}; its
 * database commands take {@code REZ_RESTORE_PG_URL} from the environment as the indexer and the service do.
 */
class RezLauncherIT {
    @TempDir
    Path dir;

    private LauncherCheckout checkout;

    @BeforeEach
    void copyTheLauncher() throws Exception {
        checkout = LauncherCheckout.in(dir);
    }

    @AfterEach
    void unlink() throws Exception {
        checkout.unlinkLibraries();
    }

    @Test
    void aCallersRezHomeIsKept() throws Exception {
        Path home = dir.resolve("state-elsewhere");

        var status = checkout.bash("./rez pg status", Map.of("REZ_HOME", home.toString()), Duration.ofMinutes(1));

        assertThat(status.exitCode()).as(status.output()).isEqualTo(PgCommand.NOT_RUNNING);
        assertThat(status.output()).contains("no cluster in " + home.resolve("pg") + " yet");
    }

    @Test
    void dbCommandsTakeTheDatabaseOfRezRestorePgUrl() throws Exception {
        try (TestDatabase database = TestDatabases.create("RezLauncherIT")) {
            Map<String, String> env = Map.of("REZ_RESTORE_PG_URL", database.jdbcUrl(),
                    "REZ_HOME", dir.resolve("no-cluster-here").toString());

            var migrate = checkout.bash("./rez db migrate && ./rez db verify", env, Duration.ofMinutes(2));

            assertThat(migrate.exitCode()).as(migrate.output()).isZero();
            assertThat(migrate.output()).contains("migrating", database.name(), "applied V1")
                    .contains("database schema is at version");
        }
    }

    @Test
    void withoutRezHomeStateStaysInTheCheckout() throws Exception {
        var status = checkout.bash("./rez pg status", Map.of(), Duration.ofMinutes(1));

        assertThat(status.exitCode()).as(status.output()).isEqualTo(PgCommand.NOT_RUNNING);
        assertThat(status.output()).contains("no cluster in " + checkout.root().resolve(".rez/pg") + " yet");
    }
}
