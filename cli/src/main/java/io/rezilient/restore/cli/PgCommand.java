package io.rezilient.restore.cli;

import io.rezilient.restore.db.local.LocalPostgres;
import io.rezilient.restore.db.local.LocalPostgresStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code rez pg start|stop|url|status|destroy}: a private, durable PostgreSQL 15 for local runs. */
@Command(name = "pg", mixinStandardHelpOptions = true,
        description = {"A private PostgreSQL 15 cluster for local runs, kept in <home>/pg: rez's home is --home, else",
                "$REZ_HOME (./rez defaults it to the checkout's git-ignored .rez). Listens on a free 127.0.0.1 port",
                "with a generated password."},
        subcommands = {PgCommand.Start.class, PgCommand.Stop.class, PgCommand.Url.class, PgCommand.Status.class,
                PgCommand.Destroy.class, PgCommand.CreateDb.class})
final class PgCommand implements Runnable {
    /** LSB's "program is not running" status code, as pg_ctl status uses it. */
    static final int NOT_RUNNING = 3;

    @Spec
    private CommandSpec spec;

    // inherited, so `rez pg --home DIR start` and `rez pg start --home DIR` both work
    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "rez's home for this command (default: $REZ_HOME); the cluster lives in DIR/pg.")
    private Path home;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private LocalPostgres cluster() {
        return ProjectHome.cluster(home);
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the cluster unless it runs (creating it on first use); print its JDBC URL.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        private PgCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(parent.cluster().start());
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster; its data is kept.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        private PgCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(parent.cluster().stop() ? "stopped" : "not running");
            out.flush();
            return 0;
        }
    }

    @Command(name = "url", mixinStandardHelpOptions = true,
            description = "Print the JDBC URL (user and password as parameters); exit 3 when the cluster is not running.")
    static final class Url implements Callable<Integer> {
        @ParentCommand
        private PgCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            LocalPostgres cluster = parent.cluster();
            Optional<String> url = cluster.jdbcUrl();
            if (url.isEmpty()) {
                spec.commandLine().getErr().println("rez pg url: the local PostgreSQL in " + cluster.home()
                        + " is not running; start it with `rez pg start`");
                spec.commandLine().getErr().flush();
                return NOT_RUNNING;
            }
            spec.commandLine().getOut().println(url.get());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "createdb", mixinStandardHelpOptions = true,
            description = {"Create a database in the running cluster (unless it exists) and print its JDBC URL.",
                    "Example: TARGET=$(rez pg createdb target) gives a restore target for `rez target seed`."})
    static final class CreateDb implements Callable<Integer> {
        @ParentCommand
        private PgCommand parent;
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Parameters(paramLabel = "NAME", description = "lower-case letters, digits and _")
        private String name;

        @Override
        public Integer call() throws java.sql.SQLException {
            if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("database name must be lower-case letters, digits and _ (at most"
                        + " 63), starting with a letter or _: " + name);
            }
            LocalPostgres cluster = parent.cluster();
            Optional<String> url = cluster.jdbcUrl();
            if (url.isEmpty()) {
                spec.commandLine().getErr().println("rez pg createdb: the local PostgreSQL in " + cluster.home()
                        + " is not running; start it with `rez pg start`");
                spec.commandLine().getErr().flush();
                return NOT_RUNNING;
            }
            io.rezilient.restore.db.PgUrl server = io.rezilient.restore.db.PgUrl.parse(url.get());
            try (java.sql.Connection connection = server.dataSource().getConnection();
                 java.sql.PreparedStatement exists = connection.prepareStatement(
                         "SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                boolean present;
                try (java.sql.ResultSet rows = exists.executeQuery()) {
                    present = rows.next();
                }
                if (!present) {
                    try (java.sql.Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + name); // checked above: [a-z0-9_] only
                    }
                }
            }
            spec.commandLine().getOut().println(server.withDatabase(name).jdbcUrl());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print whether the cluster runs, its port and where it lives; exit 0 when running, 3 when not.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private PgCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            LocalPostgres cluster = parent.cluster();
            LocalPostgresStatus status = cluster.status();
            PrintWriter out = spec.commandLine().getOut();
            if (status.dataDir().isEmpty()) {
                out.println("no cluster in " + cluster.home() + " yet (`rez pg start` creates it)");
            } else if (status.running()) {
                out.println("running on 127.0.0.1:" + status.port().orElseThrow() + ", home " + cluster.home()
                        + ", data in " + status.dataDir().get());
            } else {
                out.println("stopped, home " + cluster.home() + ", data in " + status.dataDir().get());
            }
            out.flush();
            return status.running() ? 0 : NOT_RUNNING;
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true,
            description = {"Stop the cluster at once and delete it, data included (also its /var/tmp directory when it",
                    "lives there). Asks for --yes, since nothing can bring the data back."})
    static final class Destroy implements Callable<Integer> {
        @ParentCommand
        private PgCommand parent;
        @Spec
        private CommandSpec spec;

        @Option(names = "--yes", description = "Really delete the cluster and its data.")
        private boolean yes;

        @Override
        public Integer call() {
            LocalPostgres cluster = parent.cluster();
            Optional<Path> data = cluster.status().dataDir();
            String what = cluster.home() + data.map(dir -> " (data in " + dir + ")").orElse("");
            if (!yes) {
                spec.commandLine().getErr().println("rez pg destroy: this deletes the cluster in " + what
                        + " and all its databases; run it again with --yes to do so");
                spec.commandLine().getErr().flush();
                return 1;
            }
            cluster.destroy();
            spec.commandLine().getOut().println("destroyed the cluster in " + what);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
