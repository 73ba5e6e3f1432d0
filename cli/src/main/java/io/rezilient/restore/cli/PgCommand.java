package io.rezilient.restore.cli;

import io.rezilient.restore.db.local.LocalPostgres;
import io.rezilient.restore.db.local.LocalPostgresStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code rez pg start|stop|url|status}: the project's private, durable PostgreSQL 15 for local runs. */
@Command(name = "pg", mixinStandardHelpOptions = true,
        description = {"A private PostgreSQL 15 cluster for local runs: data under the project's .rez/pg (git-ignored),",
                "listening on a free 127.0.0.1 port with a generated password."},
        subcommands = {PgCommand.Start.class, PgCommand.Stop.class, PgCommand.Url.class, PgCommand.Status.class})
final class PgCommand implements Runnable {
    /** LSB's "program is not running" status code, as pg_ctl status uses it. */
    static final int NOT_RUNNING = 3;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static LocalPostgres cluster() {
        return LocalPostgres.durableForProject();
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the cluster unless it runs (creating it on first use); print its JDBC URL.")
    static final class Start implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(cluster().start());
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster; its data is kept.")
    static final class Stop implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(cluster().stop() ? "stopped" : "not running");
            out.flush();
            return 0;
        }
    }

    @Command(name = "url", mixinStandardHelpOptions = true,
            description = "Print the JDBC URL (user and password as parameters); exit 3 when the cluster is not running.")
    static final class Url implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            Optional<String> url = cluster().jdbcUrl();
            if (url.isEmpty()) {
                spec.commandLine().getErr().println("rez pg url: the local PostgreSQL is not running; start it with `rez pg start`");
                spec.commandLine().getErr().flush();
                return NOT_RUNNING;
            }
            spec.commandLine().getOut().println(url.get());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print whether the cluster runs, its port and data directory; exit 0 when running, 3 when stopped.")
    static final class Status implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            LocalPostgresStatus status = cluster().status();
            String data = status.dataDir().map(Path::toString).orElse("none yet (never started)");
            PrintWriter out = spec.commandLine().getOut();
            if (status.running()) {
                out.println("running on 127.0.0.1:" + status.port().orElseThrow() + ", data in " + data);
            } else {
                out.println("stopped, data in " + data);
            }
            out.flush();
            return status.running() ? 0 : NOT_RUNNING;
        }
    }
}
