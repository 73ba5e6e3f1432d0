package io.rezilient.restore.cli;

import io.rezilient.restore.db.MigrationReport;
import io.rezilient.restore.db.Migrations;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.SchemaStatus;
import io.rezilient.restore.db.SchemaVersionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rez db migrate|verify}: apply this build's schema migrations, or check a database against them. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Database schema: apply this build's migrations or check a database against them.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Verify.class})
final class DbCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The --url option both subcommands share. */
    static final class Target {
        // The same default as the indexer, the service and the admin commands: with REZ_RESTORE_PG_URL exported,
        // `rez db migrate` once migrated the local cluster instead and answered "nothing to apply".
        @Option(names = "--url", paramLabel = "JDBC-URL", defaultValue = "${env:REZ_RESTORE_PG_URL}",
                description = {"jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD",
                        "(default: $REZ_RESTORE_PG_URL, else the local cluster of `rez pg start`, when it runs)"})
        private String url;

        PgUrl resolve() {
            return DatabaseUrl.resolve(url, "no --url given, REZ_RESTORE_PG_URL is not set and the local PostgreSQL"
                    + " is not running; pass --url or run `rez pg start`");
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply the migrations this database lacks; print each one and the resulting schema version.")
    static final class Migrate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private Target target;

        @Override
        public Integer call() {
            PgUrl url = target.resolve();
            PrintWriter out = spec.commandLine().getOut();
            out.println("migrating " + url.redacted());
            MigrationReport report = Migrations.migrate(url.dataSource());
            report.applied().forEach(applied -> out.println("applied V" + applied.version() + " " + applied.description()
                    + " (" + applied.executionMillis() + " ms)"));
            out.println(report.applied().isEmpty()
                    ? "nothing to apply; schema version " + report.currentVersion()
                    : "schema version " + report.currentVersion());
            out.flush();
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "The start-up check every service runs: exit 0 when the schema is at this build's version, else 1.")
    static final class Verify implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private Target target;

        @Override
        public Integer call() {
            SchemaStatus status = SchemaVersionCheck.inspect(target.resolve().dataSource());
            PrintWriter stream = status.isCurrent() ? spec.commandLine().getOut() : spec.commandLine().getErr();
            stream.println(status.describe());
            stream.flush();
            return status.isCurrent() ? 0 : 1;
        }
    }
}
