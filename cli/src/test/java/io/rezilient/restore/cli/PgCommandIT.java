package io.rezilient.restore.cli;

import io.rezilient.restore.db.PgUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rez pg} with its cluster outside the checkout ({@code --home}), and {@code rez pg destroy}. */
class PgCommandIT {
    @TempDir
    Path scratch;

    private Path home;

    @AfterEach
    void destroyWhatWasStarted() {
        if (home != null) {
            rez("pg", "--home", home.toString(), "destroy", "--yes");
        }
    }

    @Test
    void aClusterLivesUnderTheGivenHomeAndIsDestroyedOnlyWithYes() throws Exception {
        home = scratch.resolve("elsewhere");
        String option = home.toString();

        var before = rez("pg", "--home", option, "status");
        assertThat(before.exitCode()).isEqualTo(PgCommand.NOT_RUNNING);
        assertThat(before.output()).contains("no cluster in " + home.resolve("pg") + " yet");

        // the option works after the subcommand too
        var started = rez("pg", "start", "--home", option);
        assertThat(started.exitCode()).as(started.output()).isZero();
        String url = started.output().strip();
        assertThat(home.resolve("pg/state.properties")).exists();
        try (Connection connection = PgUrl.parse(url).dataSource().getConnection();
             Statement sql = connection.createStatement(); ResultSet one = sql.executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
        }
        assertThat(rez("pg", "--home", option, "url").output().strip()).isEqualTo(url);
        var running = rez("pg", "--home", option, "status");
        assertThat(running.exitCode()).isZero();
        assertThat(running.output()).startsWith("running on 127.0.0.1:").contains("home " + home.resolve("pg"));

        var refused = rez("pg", "--home", option, "destroy");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("run it again with --yes");
        assertThat(rez("pg", "--home", option, "status").exitCode()).as("nothing was touched").isZero();

        Path dataDir = Path.of(running.output().substring(running.output().indexOf("data in ") + 8).strip());
        var destroyed = rez("pg", "--home", option, "destroy", "--yes");
        assertThat(destroyed.exitCode()).as(destroyed.output()).isZero();
        assertThat(destroyed.output()).startsWith("destroyed the cluster in " + home.resolve("pg"));
        assertThat(home.resolve("pg")).doesNotExist();
        // as root in a 0700 temporary directory the data lives under /var/tmp: that goes too
        assertThat(dataDir).doesNotExist();
        assertThat(Files.exists(home)).as("only the cluster's own directory is deleted").isTrue();
        assertThat(rez("pg", "--home", option, "status").exitCode()).isEqualTo(PgCommand.NOT_RUNNING);
        home = null;
    }
}
